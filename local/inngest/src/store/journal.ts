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
    fs.writeSync(this.fd, JSON.stringify(rec) + "\n");
    if (this.opts.fsync) fs.fdatasyncSync(this.fd);
    this.lines++;
  }

  get lineCount(): number {
    return this.lines;
  }

  get needsCompaction(): boolean {
    // Twice the snapshot size at least, so a large live state does not compact on every write.
    return this.lines >= Math.max(this.opts.compactEvery ?? 50_000, 2 * this.snapshotLines);
  }

  compact(state: State): void {
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
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
    unlockDir(this.dir);
  }
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
