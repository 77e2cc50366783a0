import { closeSync, existsSync, fstatSync, ftruncateSync, mkdirSync, openSync, readSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import { bareAddress } from "./http-util";
import type { LastEvent, StoredEmail, WebhookEventType } from "./types";

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** How many of the newest emails keep their bodies (html, text, headers) by default. */
export const DEFAULT_KEEP_BODIES = 5000;

/** What a key remembers: a hash of the request and its answer (the accepted ids), never the request's body. */
export type IdempotencyRecord = { key: string; hash: string; status: number; body: unknown; at: number };

export type EmailStoreOptions = {
  /** How many of the newest emails keep their html, text and headers; older ones keep metadata and events. */
  keepBodies?: number;
};

type LogLine =
  | { t: "email"; email: StoredEmail }
  | { t: "event"; id: string; type: WebhookEventType; at: string }
  | { t: "idem"; record: IdempotencyRecord };

type Tag = { name: string; value: string };
type Body = { html: string | null; text: string | null; headers: Record<string, string> | null };
/** Where an email's line starts in the log, and its length in bytes: its body is read back from there. */
type LogRef = { pos: number; len: number };
/** The fields most emails leave empty, out of the way (null when all are empty). */
type Rare = {
  cc: string[] | null;
  bcc: string[] | null;
  reply_to: string[] | null;
  scheduled_at: string | null;
  message_id: string | null;
};

const EVENT_TYPES: readonly WebhookEventType[] = ["email.sent", "email.delivered", "email.bounced", "email.complained"];
const messageIdFor = (id: string) => `<${id}@resend-sink.local>`;

/**
 * What is kept of every email until the store is cleared — all that counts, lists, webhooks and the
 * event lifecycle need, in about 400 bytes. Its body (html, text, headers) is kept apart, for the
 * newest emails only.
 */
class EmailMeta {
  constructor(
    readonly id: string,
    readonly created_at: string,
    readonly from: string,
    /** A string for one recipient (the usual case): no array to allocate. */
    readonly to: string | string[],
    readonly subject: string,
    readonly tags: Tag[] | null,
    readonly idempotency_key: string | null,
    readonly batch: boolean,
    /**
     * Flat [type, at, type, at, …]: the type as its index in EVENT_TYPES and `at` as epoch ms (plain
     * numbers, unboxed), either kept as a string when it would not read back identical.
     */
    public events: (number | string)[],
    readonly rare: Rare | null,
  ) {}
}

/**
 * Hands back an equal string seen among the last few, so the 100 emails of a batch (or consecutive
 * emails of one blast) share one copy of their sender, subject, idempotency key and timestamp instead of
 * one copy each, as JSON.parse gives them.
 */
class RecentStrings {
  private seen: string[] = [];
  of<T extends string | null>(v: T): T {
    if (v === null) return v;
    const i = this.seen.indexOf(v);
    if (i !== -1) return this.seen[i] as T;
    this.seen.unshift(v);
    if (this.seen.length > 8) this.seen.pop();
    return v;
  }
}

function encodeAt(at: string): number | string {
  const ms = Date.parse(at);
  return Number.isFinite(ms) && new Date(ms).toISOString() === at ? ms : at;
}
const decodeAt = (v: number | string) => (typeof v === "number" ? new Date(v).toISOString() : v);
function encodeType(type: WebhookEventType): number | string {
  const i = EVENT_TYPES.indexOf(type);
  return i === -1 ? type : i;
}
const decodeType = (v: number | string) => (typeof v === "number" ? EVENT_TYPES[v] : (v as WebhookEventType));
const recipients = (meta: EmailMeta): string[] => (typeof meta.to === "string" ? [meta.to] : meta.to);

/**
 * Everything the sink received, mirrored to an append-only JSON-lines log so a restart keeps the inbox
 * and — just as important — the idempotency keys: a client retrying after the sink restarted must still
 * get the original answer, as it would from Resend.
 *
 * Memory is bounded by `keepBodies`, not by the traffic's bodies: every email keeps its metadata and
 * events (so counts stay exact and late events still apply), but only the newest `keepBodies` keep
 * their html, text and headers; an older one reads back with those null and `body_dropped: true`. With
 * a data dir even those are not held in memory: each is read back from its line in the log when asked
 * for (the log keeps every body, on disk). A restart streams the log back under the same bound.
 */
export class EmailStore {
  private emails = new Map<string, EmailMeta>();
  /** The newest `keepBodies` bodies, in acceptance order (the first is the oldest): in memory, or where in the log. */
  private bodies = new Map<string, Body | LogRef>();
  private byRecipient = new Map<string, number>();
  private idem = new Map<string, IdempotencyRecord>();
  private readonly file: string | null;
  private fd: number | null = null;
  /** Bytes in the log: where the next line starts. */
  private fileSize = 0;
  readonly keepBodies: number;
  private strings = new RecentStrings();
  private tagSets = new Map<string, Tag[]>();

  constructor(dataDir: string | null, options: EmailStoreOptions = {}) {
    this.keepBodies = options.keepBodies ?? DEFAULT_KEEP_BODIES;
    if (!Number.isInteger(this.keepBodies) || this.keepBodies < 0) throw new Error("keepBodies must be a non-negative integer");
    this.file = dataDir ? path.join(dataDir, "emails.jsonl") : null;
    if (!this.file || !dataDir) return;
    mkdirSync(dataDir, { recursive: true });
    if (existsSync(this.file)) this.load(this.file);
    this.fd = openSync(this.file, "a+");
    this.fileSize = fstatSync(this.fd).size;
  }

  /** Streams the log (with every body in it, it may be larger than a string can be) a line at a time. */
  private load(file: string): void {
    const fd = openSync(file, "r+");
    try {
      const total = fstatSync(fd).size;
      const chunk = Buffer.alloc(1 << 20);
      let carry: Buffer[] = [];
      let carryPos = 0; // file position of the line being gathered in carry
      let readPos = 0;
      let goodEnd = 0; // just after the last complete line
      while (readPos < total) {
        const n = readSync(fd, chunk, 0, chunk.length, readPos);
        if (n <= 0) break;
        const buf = chunk.subarray(0, n);
        let start = 0;
        for (let nl = buf.indexOf(10); nl !== -1; nl = buf.indexOf(10, start)) {
          const piece = buf.subarray(start, nl);
          const line = carry.length ? Buffer.concat([...carry, piece]) : piece;
          const pos = carry.length ? carryPos : readPos + start;
          this.applyRaw(line, { pos, len: line.length + 1 });
          carry = [];
          start = nl + 1;
          goodEnd = readPos + start;
        }
        if (start < n) {
          if (!carry.length) carryPos = readPos + start;
          carry.push(Buffer.from(buf.subarray(start))); // a copy: `chunk` is reused
        }
        readPos += n;
      }
      // A line cut short by a crash: everything before it is still good. Cut it off, or the next line
      // appended would be glued to it and lost too.
      if (goodEnd < total) ftruncateSync(fd, goodEnd);
    } finally {
      closeSync(fd);
    }
    const cutoff = Date.now() - IDEMPOTENCY_TTL_MS;
    for (const [k, r] of this.idem) if (r.at < cutoff) this.idem.delete(k);
  }

  private applyRaw(raw: Buffer, ref: LogRef): void {
    let line: LogLine;
    try {
      line = JSON.parse(raw.toString("utf8"));
    } catch {
      return; // not a line this store wrote (blank, or damaged): skip it
    }
    if (line && typeof line === "object") this.apply(line, ref);
  }

  /** `ref`: where the line is in the log (an email's body is read back from there), null without a log. */
  private apply(line: LogLine, ref: LogRef | null): void {
    if (line.t === "email") this.applyEmail(line.email, ref);
    else if (line.t === "idem") this.idem.set(line.record.key, line.record);
    else if (line.t === "event") {
      const meta = this.emails.get(line.id);
      // concat allocates exactly what it needs; a spread or push would leave room for 16 more.
      if (meta) meta.events = meta.events.concat(encodeType(line.type), encodeAt(line.at));
    }
  }

  private applyEmail(e: StoredEmail, ref: LogRef | null): void {
    const s = this.strings;
    let events: (number | string)[] = [];
    for (const ev of e.events ?? []) events = events.concat(encodeType(ev.type), encodeAt(ev.at));
    const messageId = e.message_id === messageIdFor(e.id) ? null : (e.message_id ?? null);
    const rare =
      e.cc || e.bcc || e.reply_to || e.scheduled_at || messageId
        ? {
            cc: e.cc ?? null,
            bcc: e.bcc ?? null,
            reply_to: e.reply_to ?? null,
            scheduled_at: e.scheduled_at ?? null,
            message_id: messageId,
          }
        : null;
    const meta = new EmailMeta(
      e.id,
      s.of(e.created_at),
      s.of(e.from),
      e.to.length === 1 ? e.to[0] : e.to,
      s.of(e.subject),
      this.sharedTags(e.tags ?? null),
      s.of(e.idempotency_key ?? null),
      Boolean(e.batch),
      events,
      rare,
    );
    if (this.emails.has(meta.id)) this.forget(meta.id); // never, with random ids: the later copy wins, counted once
    this.emails.set(meta.id, meta);
    for (const a of recipients(meta)) {
      const k = bareAddress(a);
      this.byRecipient.set(k, (this.byRecipient.get(k) ?? 0) + 1);
    }
    if (this.keepBodies > 0 && !e.body_dropped) {
      this.bodies.set(meta.id, ref ?? { html: e.html ?? null, text: e.text ?? null, headers: e.headers ?? null });
      if (this.bodies.size > this.keepBodies) this.bodies.delete(this.bodies.keys().next().value!);
    }
  }

  private forget(id: string): void {
    for (const a of recipients(this.emails.get(id)!)) {
      const k = bareAddress(a);
      const n = (this.byRecipient.get(k) ?? 0) - 1;
      if (n > 0) this.byRecipient.set(k, n);
      else this.byRecipient.delete(k);
    }
    this.emails.delete(id);
    this.bodies.delete(id);
  }

  private sharedTags(tags: Tag[] | null): Tag[] | null {
    if (!tags) return null;
    const k = JSON.stringify(tags);
    const known = this.tagSets.get(k);
    if (known) return known;
    if (this.tagSets.size >= 64) this.tagSets.clear(); // only recent ones are worth sharing
    this.tagSets.set(k, tags);
    return tags;
  }

  private body(id: string): Body | null {
    const b = this.bodies.get(id);
    if (!b || !("pos" in b)) return b ?? null;
    if (this.fd === null) return null;
    const buf = Buffer.alloc(b.len);
    let got = 0;
    while (got < b.len) {
      const n = readSync(this.fd, buf, got, b.len - got, b.pos + got);
      if (n <= 0) return null;
      got += n;
    }
    try {
      const line = JSON.parse(buf.toString("utf8")) as LogLine;
      if (line.t !== "email" || line.email.id !== id) return null;
      return { html: line.email.html ?? null, text: line.email.text ?? null, headers: line.email.headers ?? null };
    } catch {
      return null;
    }
  }

  /** The email as the API shows it; `withBody: false` skips reading the body (events, webhooks, lists of metadata). */
  private view(meta: EmailMeta, withBody = true): StoredEmail {
    const body = withBody ? this.body(meta.id) : null;
    const events: StoredEmail["events"] = [];
    for (let i = 0; i < meta.events.length; i += 2) events.push({ type: decodeType(meta.events[i]), at: decodeAt(meta.events[i + 1]) });
    const last = events.at(-1);
    return {
      object: "email",
      id: meta.id,
      created_at: meta.created_at,
      from: meta.from,
      to: recipients(meta),
      cc: meta.rare?.cc ?? null,
      bcc: meta.rare?.bcc ?? null,
      reply_to: meta.rare?.reply_to ?? null,
      subject: meta.subject,
      html: body?.html ?? null,
      text: body?.text ?? null,
      headers: body?.headers ?? null,
      tags: meta.tags,
      scheduled_at: meta.rare?.scheduled_at ?? null,
      last_event: last ? (last.type.slice("email.".length) as LastEvent) : "sent",
      message_id: meta.rare?.message_id ?? messageIdFor(meta.id),
      idempotency_key: meta.idempotency_key,
      batch: meta.batch,
      events,
      ...(body || (!withBody && this.bodies.has(meta.id)) ? {} : { body_dropped: true as const }),
    };
  }

  private write(line: LogLine): void {
    if (this.fd === null) return this.apply(line, null);
    // Written as a string: Node encodes it into a scratch buffer freed at once, where a Buffer of our
    // own (12 KB an email) would be external memory waiting for the next GC.
    const text = JSON.stringify(line) + "\n";
    const ref = { pos: this.fileSize, len: Buffer.byteLength(text) };
    const done = writeSync(this.fd, text);
    if (done < ref.len) writeSync(this.fd, Buffer.from(text).subarray(done)); // a short write: the rest
    this.fileSize += ref.len;
    this.apply(line, ref);
  }

  add(email: StoredEmail): void {
    this.write({ t: "email", email });
  }

  addEvent(id: string, type: WebhookEventType, at = new Date().toISOString()): void {
    if (this.emails.has(id)) this.write({ t: "event", id, type, at });
  }

  /** One email; `withBody: false` leaves html, text and headers null (no read from the log). */
  get(id: string, options: { withBody?: boolean } = {}): StoredEmail | undefined {
    const meta = this.emails.get(id);
    return meta && this.view(meta, options.withBody ?? true);
  }

  /** Every email accepted since the last clear, bodies kept or not. */
  get size(): number {
    return this.emails.size;
  }

  /** How many emails still have their body (at most `keepBodies`). */
  get bodiesKept(): number {
    return this.bodies.size;
  }

  /**
   * The emails matching `to` (any recipient: to, cc or bcc, case-insensitively) as they are now, oldest
   * first: how many, and each one built only when it is reached, so a long list is never all in memory.
   */
  select(filter: { to?: string; withBody?: boolean } = {}): { count: number; emails: Iterable<StoredEmail> } {
    const want = filter.to ? bareAddress(filter.to) : undefined;
    const all = [...this.emails.values()];
    const metas = want ? all.filter((m) => matches(m, want)) : all;
    const view = (m: EmailMeta) => this.view(m, filter.withBody ?? true);
    return {
      count: metas.length,
      emails: (function* () {
        for (const m of metas) yield view(m);
      })(),
    };
  }

  /** Oldest first, one at a time (see `select`). */
  each(filter: { to?: string; withBody?: boolean } = {}): Iterable<StoredEmail> {
    return this.select(filter).emails;
  }

  /** Oldest first; `to` matches any recipient (to, cc or bcc), case-insensitively. */
  list(filter: { to?: string } = {}): StoredEmail[] {
    return [...this.each(filter)];
  }

  /** The newest `limit` emails (matching `to`), newest first, without their bodies, and how many match in all. */
  newest(limit: number, filter: { to?: string } = {}): { total: number; emails: StoredEmail[] } {
    const want = filter.to ? bareAddress(filter.to) : undefined;
    const all = [...this.emails.values()];
    const metas = want ? all.filter((m) => matches(m, want)) : all;
    return {
      total: metas.length,
      emails: metas
        .slice(-limit)
        .reverse()
        .map((m) => this.view(m, false)),
    };
  }

  /** Emails accepted per `to` address (bare, lower-case), since the last clear. */
  countsByRecipient(): Record<string, number> {
    return Object.fromEntries(this.byRecipient);
  }

  getIdempotency(key: string, now = Date.now()): IdempotencyRecord | undefined {
    const r = this.idem.get(key);
    if (r && now - r.at > IDEMPOTENCY_TTL_MS) {
      this.idem.delete(key);
      return undefined;
    }
    return r;
  }

  putIdempotency(record: IdempotencyRecord): void {
    this.write({ t: "idem", record });
  }

  /** Forget everything, keys included, so a test starts from a clean slate. */
  clear(): number {
    const n = this.emails.size;
    this.emails.clear();
    this.bodies.clear();
    this.byRecipient.clear();
    this.idem.clear();
    this.tagSets.clear();
    this.strings = new RecentStrings();
    if (this.file) writeFileSync(this.file, "");
    this.fileSize = 0;
    return n;
  }

  /** Closes the log (a store is not used after). */
  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

function matches(meta: EmailMeta, want: string): boolean {
  return [...recipients(meta), ...(meta.rare?.cc ?? []), ...(meta.rare?.bcc ?? [])].some((a) => bareAddress(a) === want);
}
