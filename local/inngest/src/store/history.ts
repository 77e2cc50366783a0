import fs from "node:fs";
import path from "node:path";
import type { Run } from "./types.js";

const B32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** The creation time encoded in a ULID run id (first 10 chars), or undefined. */
export function ulidTime(id: string): number | undefined {
  if (id.length < 10) return undefined;
  let ms = 0;
  for (let i = 0; i < 10; i++) {
    const v = B32.indexOf(id[i]!.toUpperCase());
    if (v < 0) return undefined;
    ms = ms * 32 + v;
  }
  return ms;
}

interface Segment {
  file: string;
  start: number;
}

/**
 * Finished runs, on disk only: once a run is over (and its follow-ups are done) it is appended here
 * as one JSON line and dropped from memory and from the journal. Lines go to segment files
 * (`history/<first write ms>.jsonl`), rotated by size and age; a segment whose last write is older
 * than the retention window is deleted as a whole. Reads (the UI and the JSON API) scan segments
 * newest first, reading each one backwards in chunks, so a listing costs what it returns, not the
 * whole history.
 */
export class History {
  readonly dir: string;
  private segments: Segment[] = [];
  private fd: number | undefined;
  private size = 0;
  /** When the open segment was last written to. */
  private lastWriteAt = 0;
  private readonly maxBytes: number;
  private readonly maxAge: number;

  constructor(
    dataDir: string,
    readonly retentionMs: number,
    o: { segmentBytes?: number } = {},
  ) {
    this.dir = path.join(dataDir, "history");
    fs.mkdirSync(this.dir, { recursive: true });
    this.maxBytes = o.segmentBytes ?? 8 * 1024 * 1024;
    // About 24 segments per retention window, so pruning frees space in steps of ~4 %.
    this.maxAge = Math.max(1000, Math.floor(retentionMs / 24));
    for (const name of fs.readdirSync(this.dir)) {
      const m = /^(\d+)\.jsonl$/.exec(name);
      if (m) this.segments.push({ file: path.join(this.dir, name), start: Number(m[1]) });
    }
    this.segments.sort((a, b) => a.start - b.start);
  }

  /** Appends a finished run (synchronous write, like the journal: durable before it is forgotten). */
  append(run: Run, now = Date.now()): void {
    const cur = this.segments[this.segments.length - 1];
    if (this.fd === undefined || !cur || this.size >= this.maxBytes || now - cur.start >= this.maxAge) this.rotate(now);
    // `id` first, so `find` can spot a run's line without parsing the others.
    const { id, ...rest } = run;
    const line = JSON.stringify({ id, ...rest }) + "\n";
    fs.writeSync(this.fd!, line);
    this.lastWriteAt = now;
    this.size += Buffer.byteLength(line);
  }

  private rotate(now: number): void {
    this.prune(now);
    if (this.fd !== undefined) fs.closeSync(this.fd);
    let start = now;
    const last = this.segments[this.segments.length - 1];
    if (last && last.start >= start) start = last.start + 1;
    const file = path.join(this.dir, `${String(start).padStart(14, "0")}.jsonl`);
    this.fd = fs.openSync(file, "a");
    this.size = 0;
    this.segments.push({ file, start });
  }

  /** Deletes segments whose newest line is older than the retention window. */
  prune(now = Date.now()): number {
    let removed = 0;
    const keep: Segment[] = [];
    for (let i = 0; i < this.segments.length; i++) {
      const s = this.segments[i]!;
      const next = this.segments[i + 1];
      // Every line of a segment was written before the next one started; the open one when last
      // written; one left by an earlier process at its mtime.
      let lastWrite: number;
      try {
        lastWrite = next ? next.start : this.fd !== undefined ? this.lastWriteAt : fs.statSync(s.file).mtimeMs;
      } catch {
        continue;
      }
      if (now - lastWrite <= this.retentionMs) {
        keep.push(s);
        continue;
      }
      if (!next && this.fd !== undefined) {
        fs.closeSync(this.fd);
        this.fd = undefined;
      }
      fs.rmSync(s.file, { force: true });
      removed++;
    }
    this.segments = keep;
    return removed;
  }

  /** Finished runs, most recently finished first (a run archived twice after a crash is listed once). */
  *newestFirst(): Generator<Run> {
    const seen = new Set<string>();
    for (let i = this.segments.length - 1; i >= 0; i--) {
      for (const line of readLinesBackwards(this.segments[i]!.file)) {
        let run: Run;
        try {
          run = JSON.parse(line) as Run;
        } catch {
          continue;
        }
        if (seen.has(run.id)) continue;
        seen.add(run.id);
        yield run;
      }
    }
  }

  /** One finished run by id: only segments written after the run was created can hold it. */
  find(id: string): Run | undefined {
    const created = ulidTime(id) ?? 0;
    const needle = `{"id":${JSON.stringify(id)},`;
    for (let i = this.segments.length - 1; i >= 0; i--) {
      const s = this.segments[i]!;
      const next = this.segments[i + 1];
      if (next && next.start < created - 60_000) break;
      let text: string;
      try {
        text = fs.readFileSync(s.file, "utf8");
      } catch {
        continue;
      }
      let at = text.startsWith(needle) ? 0 : text.indexOf("\n" + needle);
      if (at < 0) continue;
      if (at > 0) at++;
      const end = text.indexOf("\n", at);
      try {
        return JSON.parse(text.slice(at, end < 0 ? undefined : end)) as Run;
      } catch {
        continue;
      }
    }
    return undefined;
  }

  /** Bytes on disk (for /v1/stats). */
  bytes(): number {
    let n = 0;
    for (const s of this.segments) {
      try {
        n += fs.statSync(s.file).size;
      } catch {
        // pruned meanwhile
      }
    }
    return n;
  }

  get segmentCount(): number {
    return this.segments.length;
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

/** The complete lines of a file, last first, read in 256 KB chunks from the end. */
function* readLinesBackwards(file: string, chunk = 256 * 1024): Generator<string> {
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch {
    return;
  }
  try {
    let pos = fs.fstatSync(fd).size;
    let rest = Buffer.alloc(0);
    const buf = Buffer.alloc(chunk);
    while (pos > 0) {
      const n = Math.min(chunk, pos);
      pos -= n;
      fs.readSync(fd, buf, 0, n, pos);
      let data = Buffer.concat([buf.subarray(0, n), rest]);
      let end = data.length;
      for (let i = data.length - 1; i >= 0; i--) {
        if (data[i] !== 10) continue;
        if (end > i + 1) yield data.toString("utf8", i + 1, end);
        end = i;
      }
      rest = Buffer.from(data.subarray(0, end));
      data = Buffer.alloc(0);
    }
    if (rest.length) yield rest.toString("utf8");
  } finally {
    fs.closeSync(fd);
  }
}
