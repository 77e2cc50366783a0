import { appendFileSync, mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { bareAddress } from "./http-util";
import type { LastEvent, StoredEmail, WebhookEventType } from "./types";

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export type IdempotencyRecord = { key: string; hash: string; status: number; body: unknown; at: number };

type LogLine =
  | { t: "email"; email: StoredEmail }
  | { t: "event"; id: string; type: WebhookEventType; at: string }
  | { t: "idem"; record: IdempotencyRecord };

/**
 * Everything the sink received, in memory, mirrored to an append-only JSON-lines log so a restart keeps
 * the inbox and — just as important — the idempotency keys: a client retrying after the sink restarted
 * must still get the original answer, as it would from Resend.
 */
export class EmailStore {
  private emails = new Map<string, StoredEmail>();
  private idem = new Map<string, IdempotencyRecord>();
  private readonly file: string | null;

  constructor(dataDir: string | null) {
    this.file = dataDir ? path.join(dataDir, "emails.jsonl") : null;
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    if (this.file && existsSync(this.file)) this.load(readFileSync(this.file, "utf8"));
  }

  private load(content: string): void {
    for (const raw of content.split("\n")) {
      if (!raw.trim()) continue;
      let line: LogLine;
      try {
        line = JSON.parse(raw);
      } catch {
        continue; // a line cut short by a crash: everything before it is still good
      }
      this.apply(line);
    }
    const cutoff = Date.now() - IDEMPOTENCY_TTL_MS;
    for (const [k, r] of this.idem) if (r.at < cutoff) this.idem.delete(k);
  }

  private apply(line: LogLine): void {
    if (line.t === "email") this.emails.set(line.email.id, line.email);
    else if (line.t === "idem") this.idem.set(line.record.key, line.record);
    else if (line.t === "event") {
      const email = this.emails.get(line.id);
      if (email) {
        email.events.push({ type: line.type, at: line.at });
        email.last_event = line.type.slice("email.".length) as LastEvent;
      }
    }
  }

  private write(line: LogLine): void {
    this.apply(line);
    if (this.file) appendFileSync(this.file, JSON.stringify(line) + "\n");
  }

  add(email: StoredEmail): void {
    this.write({ t: "email", email });
  }

  addEvent(id: string, type: WebhookEventType, at = new Date().toISOString()): void {
    if (this.emails.has(id)) this.write({ t: "event", id, type, at });
  }

  get(id: string): StoredEmail | undefined {
    return this.emails.get(id);
  }

  /** Oldest first; `to` matches any recipient (to, cc or bcc), case-insensitively. */
  list(filter: { to?: string } = {}): StoredEmail[] {
    const all = [...this.emails.values()];
    if (!filter.to) return all;
    const want = bareAddress(filter.to);
    return all.filter((e) => [...e.to, ...(e.cc ?? []), ...(e.bcc ?? [])].some((a) => bareAddress(a) === want));
  }

  countsByRecipient(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const e of this.emails.values()) for (const a of e.to) counts[bareAddress(a)] = (counts[bareAddress(a)] ?? 0) + 1;
    return counts;
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
    this.idem.clear();
    if (this.file) writeFileSync(this.file, "");
    return n;
  }
}
