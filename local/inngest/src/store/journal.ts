import fs from "node:fs";
import path from "node:path";
import type { JournalRecord } from "./types.js";
import type { State } from "./state.js";

/**
 * Append-only JSON-lines journal. Each state change is one line written with a synchronous
 * write(2) before the executor acts on it, so a SIGKILL never loses a recorded step result (the
 * page cache outlives the process; set fsync for power-loss durability too). Compaction rewrites
 * the current state to a temp file and renames it over the journal, which is atomic.
 */
export class Journal {
  private fd: number;
  private lines = 0;
  private snapshotLines = 0;
  readonly file: string;

  constructor(
    private readonly dir: string,
    private readonly opts: { fsync?: boolean; compactEvery?: number } = {},
  ) {
    fs.mkdirSync(dir, { recursive: true });
    lockDir(dir);
    this.file = path.join(dir, "journal.jsonl");
    this.fd = fs.openSync(this.file, "a");
  }

  /** Replays the journal into `state`. A torn last line (killed mid-write) is ignored. */
  replay(state: State): number {
    const text = fs.readFileSync(this.file, "utf8");
    let n = 0;
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf("\n", start);
      if (end === -1) end = text.length;
      const line = text.slice(start, end);
      start = end + 1;
      if (!line.trim()) continue;
      try {
        state.apply(JSON.parse(line) as JournalRecord);
        n++;
      } catch {
        console.warn(`[inngest-local] skipped an unreadable journal line (${line.length} bytes)`);
      }
    }
    this.lines = n;
    return n;
  }

  append(rec: JournalRecord): void {
    const line = JSON.stringify(rec) + "\n";
    this.lines++;
    if (this.corked) {
      this.buf.push(line);
      return;
    }
    writeAll(this.fd, line);
    if (this.opts.fsync) fs.fdatasyncSync(this.fd);
  }

  private corked = 0;
  private buf: string[] = [];

  /**
   * Groups the appends until the matching `uncork` into one write(2) (and one fdatasync): an ingest of
   * 5,000 events, a scheduler pass. Only for synchronous stretches of work whose effects wait for the
   * event loop anyway; anything that leaves the process earlier (a history line) calls `flush` first.
   */
  cork(): void {
    this.corked++;
  }

  uncork(): void {
    if (this.corked > 0 && --this.corked === 0) this.flush();
  }

  /** Writes what corked appends have buffered (a no-op when nothing is buffered). */
  flush(): void {
    if (!this.buf.length) return;
    const text = this.buf.length === 1 ? this.buf[0]! : this.buf.join("");
    this.buf = [];
    writeAll(this.fd, text);
    if (this.opts.fsync) fs.fdatasyncSync(this.fd);
  }

  get lineCount(): number {
    return this.lines;
  }

  get needsCompaction(): boolean {
    // Twice the snapshot size at least, so a large live state does not compact on every write.
    return this.lines >= Math.max(this.opts.compactEvery ?? 50_000, 2 * this.snapshotLines);
  }

  compact(state: State): void {
    this.flush();
    const tmp = this.file + ".tmp";
    const fd = fs.openSync(tmp, "w");
    let n = 0;
    let buf: string[] = [];
    const flush = () => {
      if (buf.length) fs.writeSync(fd, buf.join(""));
      buf = [];
    };
    for (const rec of state.snapshot()) {
      buf.push(JSON.stringify(rec) + "\n");
      n++;
      if (buf.length >= 500) flush();
    }
    flush();
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, this.file);
    try {
      const dfd = fs.openSync(this.dir, "r");
      fs.fsyncSync(dfd);
      fs.closeSync(dfd);
    } catch {
      // Directory fsync is not supported everywhere; the rename is still atomic.
    }
    fs.closeSync(this.fd);
    this.fd = fs.openSync(this.file, "a");
    this.lines = n;
    this.snapshotLines = n;
    state.prune();
  }

  close(): void {
    try {
      this.flush();
    } catch {
      // closed already
    }
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
    unlockDir(this.dir);
  }
}

/** write(2) may write less than asked (a large buffer, a signal); the rest follows. */
function writeAll(fd: number, text: string): void {
  const n = fs.writeSync(fd, text);
  if (n === Buffer.byteLength(text)) return;
  const data = Buffer.from(text, "utf8");
  let off = n;
  while (off < data.length) off += fs.writeSync(fd, data, off, data.length - off);
}

/**
 * Two executors appending to one journal would corrupt it, so a data dir is owned by one process
 * at a time. A lock left by a killed process (its pid is gone) is taken over.
 */
function lockDir(dir: string): void {
  const lock = path.join(dir, "lock");
  try {
    const pid = Number(fs.readFileSync(lock, "utf8"));
    if (pid && pid !== process.pid && alive(pid)) {
      throw new Error(`data dir ${dir} is in use by another executor (pid ${pid}); stop it or use another INNGEST_DATA_DIR`);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  fs.writeFileSync(lock, String(process.pid));
}

function unlockDir(dir: string): void {
  const lock = path.join(dir, "lock");
  try {
    if (Number(fs.readFileSync(lock, "utf8")) === process.pid) fs.unlinkSync(lock);
  } catch {
    // gone already
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
