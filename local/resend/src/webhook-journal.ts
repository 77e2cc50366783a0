import { closeSync, fdatasync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readSync, renameSync, writeSync } from "node:fs";
import path from "node:path";
import type { WebhookEventType } from "./types";

/** "sending" only ever lives in memory: after a crash an attempt in flight is simply due again. */
export type WebhookStatus = "pending" | "sending" | "failed";

/** What memory keeps of one queued webhook: its state and where its body lies in the journal. */
export type WebhookEntry = {
  svixId: string;
  emailId: string;
  type: WebhookEventType;
  queuedAt: number;
  status: WebhookStatus;
  /** Attempts made so far (failed ones, since a delivered webhook leaves the queue). */
  attempts: number;
  /** Epoch ms of the next attempt (pending). */
  dueAt: number;
  lastAttemptAt?: number;
  lastStatus?: number;
  lastError?: string;
  /** Byte position and length of the entry's `q` record in the journal (-1 without a journal). */
  pos: number;
  len: number;
  /** The body; held in memory only when there is no journal (no data dir). */
  body?: string;
  /** Queue order: equal due times go first in, first out. */
  seq: number;
  /** False until its record is on disk (fsync'ed): only then is it queued, so only then attempted. */
  durable: boolean;
  inHeap: boolean;
};

/** Journal lines. `q` carries the body and the full state; the others change the state of an id. */
type JournalRecord =
  | {
      t: "q";
      id: string;
      email: string;
      type: WebhookEventType;
      queued: number;
      status: "pending" | "failed";
      attempts: number;
      due: number;
      lastAt?: number;
      lastStatus?: number;
      lastError?: string;
      body: string;
    }
  | { t: "a"; id: string; attempts: number; at: number; due: number; status?: number; error?: string } // attempt failed, retry at `due`
  | { t: "d"; id: string; attempts: number; at: number; status?: number } // delivered: leaves the queue
  | { t: "f"; id: string; attempts: number; at: number; status?: number; error?: string } // schedule exhausted
  | { t: "r"; id: string; attempts: number; due: number } // requeued by hand (POST /_sink/webhooks/retry)
  | { t: "s"; delivered: number }; // counter carried over a compaction

export type JournalOptions = {
  log: (line: string) => void;
  /** What a compaction keeps: the entries still queued or failed, and the delivered counter. */
  live: () => { entries: Iterable<WebhookEntry>; delivered: number };
  /** Compact once the dead records exceed this many bytes and the live ones. */
  compactMinBytes?: number;
};

/**
 * The sink's webhook queue on disk: `webhooks.jsonl` in the data dir, an append-only log of JSON lines.
 * A webhook's `q` record (body included) is written before the event counts as queued, and fsync'ed
 * (several at once: group commit) before its first attempt; attempts append small state records. Memory
 * keeps an index (state + byte position); a body is read back from the file when it is attempted. When
 * dead records (delivered webhooks, superseded states) outweigh the live ones, the file is rewritten with
 * the live entries only (temporary file, fsync, rename). A line cut short by a crash is dropped on load.
 */
export class WebhookJournal {
  readonly file: string;
  private readonly dir: string;
  private fd: number;
  private size = 0;
  private liveBytes = 0;
  private written = 0;
  private synced = 0;
  private syncing: Promise<void> | null = null;
  private waiters: { upTo: number; resolve: () => void }[] = [];
  private compactWanted = false;
  private closed = false;
  private readonly compactMinBytes: number;

  constructor(
    dir: string,
    private readonly opts: JournalOptions,
  ) {
    mkdirSync(dir, { recursive: true });
    this.dir = dir;
    this.file = path.join(dir, "webhooks.jsonl");
    this.fd = openSync(this.file, "a+");
    this.compactMinBytes = opts.compactMinBytes ?? 8 * 1024 * 1024;
  }

  /** Replays the file: the webhooks still pending or failed (in queue order) and the delivered count. */
  load(): { entries: WebhookEntry[]; delivered: number } {
    const entries = new Map<string, WebhookEntry>();
    let delivered = 0;
    const apply = (line: Buffer, pos: number, len: number) => {
      let r: JournalRecord;
      try {
        r = JSON.parse(line.toString("utf8")) as JournalRecord;
      } catch {
        return; // cannot happen before the tail; skipped rather than stopping the sink
      }
      if (r.t === "s") delivered = r.delivered;
      else if (r.t === "q") {
        entries.set(r.id, {
          svixId: r.id,
          emailId: r.email,
          type: r.type,
          queuedAt: r.queued,
          status: r.status,
          attempts: r.attempts,
          dueAt: r.due,
          lastAttemptAt: r.lastAt,
          lastStatus: r.lastStatus,
          lastError: r.lastError,
          pos,
          len,
          seq: 0,
          durable: true,
          inHeap: false,
        });
      } else if (r.t === "d") {
        if (entries.delete(r.id)) delivered += 1;
      } else {
        const e = entries.get(r.id);
        if (!e) return;
        e.attempts = r.attempts;
        if (r.t === "r") Object.assign(e, { status: "pending", dueAt: r.due });
        else
          Object.assign(e, {
            status: r.t === "a" ? "pending" : "failed",
            lastAttemptAt: r.at,
            lastStatus: r.status,
            lastError: r.error,
            ...(r.t === "a" ? { dueAt: r.due } : {}),
          });
      }
    };

    const total = fstatSync(this.fd).size;
    const chunk = Buffer.alloc(1 << 20);
    let carry = Buffer.alloc(0);
    let carryPos = 0; // file position of carry[0]
    let readPos = 0;
    let goodEnd = 0; // just after the last complete line
    while (readPos < total) {
      const n = readSync(this.fd, chunk, 0, chunk.length, readPos);
      if (n <= 0) break;
      readPos += n;
      const buf = carry.length ? Buffer.concat([carry, chunk.subarray(0, n)]) : chunk.subarray(0, n);
      let start = 0;
      for (let nl = buf.indexOf(10, start); nl !== -1; nl = buf.indexOf(10, start)) {
        if (nl > start) apply(buf.subarray(start, nl), carryPos + start, nl + 1 - start);
        start = nl + 1;
        goodEnd = carryPos + start;
      }
      carry = Buffer.from(buf.subarray(start)); // a copy: `chunk` is reused by the next read
      carryPos += start;
    }
    if (goodEnd < total) {
      ftruncateSync(this.fd, goodEnd); // a record cut short by a crash: it never counted as queued
      this.opts.log(`webhook journal: dropped ${total - goodEnd} bytes of an unfinished record at the end of ${this.file}`);
    }
    this.size = goodEnd;
    this.liveBytes = 0;
    for (const e of entries.values()) this.liveBytes += e.len;
    fsyncSync(this.fd);
    return { entries: [...entries.values()], delivered };
  }

  /** Writes a new webhook's record (not yet fsync'ed: await `durable()`). Throws if it cannot be written. */
  enqueue(e: WebhookEntry, body: string): void {
    const { pos, len } = this.write(queueRecord(e, body));
    e.pos = pos;
    e.len = len;
    this.liveBytes += len;
  }

  retrying(e: WebhookEntry): void {
    this.update({
      t: "a",
      id: e.svixId,
      attempts: e.attempts,
      at: e.lastAttemptAt!,
      due: e.dueAt,
      status: e.lastStatus,
      error: e.lastError,
    });
  }

  delivered(e: WebhookEntry): void {
    this.update({ t: "d", id: e.svixId, attempts: e.attempts, at: e.lastAttemptAt!, status: e.lastStatus });
    this.liveBytes -= e.len;
    this.maybeCompact();
  }

  failed(e: WebhookEntry): void {
    this.update({ t: "f", id: e.svixId, attempts: e.attempts, at: e.lastAttemptAt!, status: e.lastStatus, error: e.lastError });
  }

  requeued(e: WebhookEntry): void {
    this.update({ t: "r", id: e.svixId, attempts: e.attempts, due: e.dueAt });
  }

  /** The body of a queued webhook, read back from the file. */
  readBody(e: WebhookEntry): string {
    const buf = Buffer.alloc(e.len);
    let got = 0;
    while (got < e.len) {
      const n = readSync(this.fd, buf, got, e.len - got, e.pos + got);
      if (n <= 0) break;
      got += n;
    }
    const r = JSON.parse(buf.subarray(0, got).toString("utf8")) as JournalRecord;
    if (r.t !== "q" || r.id !== e.svixId) throw new Error(`webhook journal: the record at ${e.pos} is not ${e.svixId}`);
    return r.body;
  }

  /** Resolves once everything written so far is on disk; concurrent callers share one fdatasync. */
  durable(): Promise<void> {
    if (this.closed || this.synced >= this.written) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push({ upTo: this.written, resolve });
      this.kick();
    });
  }

  private kick(): void {
    if (this.syncing || this.closed || this.synced >= this.written) return;
    const upTo = this.written;
    this.syncing = new Promise<void>((resolve) => {
      fdatasync(this.fd, (err) => {
        if (err) this.opts.log(`webhook journal: fsync failed: ${err.message}`);
        this.syncing = null;
        this.markSynced(upTo);
        resolve();
        if (this.compactWanted) this.maybeCompact();
        if (this.waiters.length) this.kick();
      });
    });
  }

  private markSynced(upTo: number): void {
    this.synced = Math.max(this.synced, upTo);
    const ready = this.waiters.filter((w) => w.upTo <= this.synced);
    this.waiters = this.waiters.filter((w) => w.upTo > this.synced);
    for (const w of ready) w.resolve();
  }

  private write(r: JournalRecord): { pos: number; len: number } {
    if (this.closed) throw new Error("webhook journal is closed");
    const buf = Buffer.from(JSON.stringify(r) + "\n", "utf8");
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
    const pos = this.size;
    this.size += buf.length;
    this.written += 1;
    return { pos, len: buf.length };
  }

  /** State records: a failure to write one is logged, not thrown (memory still has the state). */
  private update(r: JournalRecord): void {
    try {
      this.write(r);
      void this.durable();
    } catch (err) {
      this.opts.log(`webhook journal: could not record ${r.t} for ${"id" in r ? r.id : "?"}: ${err instanceof Error ? err.message : err}`);
    }
  }

  get stats(): { bytes: number; liveBytes: number } {
    return { bytes: this.size, liveBytes: this.liveBytes };
  }

  private maybeCompact(): void {
    const dead = this.size - this.liveBytes;
    if (this.closed || dead <= Math.max(this.compactMinBytes, this.liveBytes)) return;
    if (this.syncing) {
      this.compactWanted = true; // the fd must stay open until the running fdatasync ends
      return;
    }
    this.compactWanted = false;
    try {
      this.compact();
    } catch (err) {
      this.opts.log(`webhook journal: compaction failed (the old file is kept): ${err instanceof Error ? err.message : err}`);
    }
  }

  /** Rewrites the file with the live entries only. Synchronous: nothing is appended meanwhile. */
  compact(): void {
    if (this.syncing) throw new Error("webhook journal: compaction during an fsync");
    const { entries, delivered } = this.opts.live();
    const tmp = this.file + ".tmp";
    const out = openSync(tmp, "w");
    const moved: [WebhookEntry, number, number][] = [];
    let pos = 0;
    let parts: Buffer[] = [];
    let buffered = 0;
    const flush = () => {
      const b = Buffer.concat(parts);
      let off = 0;
      while (off < b.length) off += writeSync(out, b, off, b.length - off);
      parts = [];
      buffered = 0;
    };
    const put = (line: string): number => {
      const b = Buffer.from(line + "\n", "utf8");
      parts.push(b);
      buffered += b.length;
      pos += b.length;
      if (buffered >= 1 << 20) flush();
      return b.length;
    };
    try {
      const head = put(JSON.stringify({ t: "s", delivered } satisfies JournalRecord));
      for (const e of entries) {
        const at = pos;
        const len = put(
          JSON.stringify({
            ...queueRecord(e, this.readBody(e)),
            lastAt: e.lastAttemptAt,
            lastStatus: e.lastStatus,
            lastError: e.lastError,
          } satisfies JournalRecord),
        );
        moved.push([e, at, len]);
      }
      flush();
      fsyncSync(out);
      closeSync(out);
      renameSync(tmp, this.file);
      this.liveBytes = pos - head;
    } catch (err) {
      try {
        closeSync(out);
      } catch {
        // already closed
      }
      throw err;
    }
    fsyncDir(this.dir);
    closeSync(this.fd);
    this.fd = openSync(this.file, "a+");
    for (const [e, at, len] of moved) {
      e.pos = at;
      e.len = len;
    }
    this.size = pos;
    this.markSynced(this.written); // every live record is in the fsync'ed new file
  }

  /** Waits for a running fsync, syncs what is left, closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    while (this.syncing) await this.syncing;
    this.closed = true;
    try {
      fsyncSync(this.fd);
    } finally {
      closeSync(this.fd);
      this.markSynced(this.written);
    }
  }
}

/** A queued webhook as the journal stores it (compaction adds its last attempt). */
function queueRecord(e: WebhookEntry, body: string) {
  return {
    t: "q" as const,
    id: e.svixId,
    email: e.emailId,
    type: e.type,
    queued: e.queuedAt,
    status: e.status === "failed" ? ("failed" as const) : ("pending" as const),
    attempts: e.attempts,
    due: e.dueAt,
    body,
  };
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // some file systems refuse to fsync a directory; the rename itself is atomic
  }
}
