import { MinHeap } from "./min-heap";
import { newMessageId, svixHeaders } from "./sign-svix";
import type { StoredEmail, WebhookEventType } from "./types";
import { WebhookJournal, type WebhookEntry } from "./webhook-journal";
import { nextAttemptAt, SVIX_ATTEMPT_TIMEOUT_MS, SVIX_RETRY_DELAYS_MS, webhookSchedule, type WebhookSchedule } from "./webhook-schedule";

/** One webhook as `GET /_sink/webhooks` shows it. */
export type WebhookView = {
  svixId: string;
  emailId: string;
  type: WebhookEventType;
  status: "pending" | "sending" | "delivered" | "failed";
  attempts: number;
  queuedAt: string;
  nextAttemptAt?: string;
  lastAttemptAt?: string;
  lastStatus?: number;
  lastError?: string;
};

export type WebhookCounts = { pending: number; sending: number; failed: number; delivered: number };

/** One HTTP attempt. `abort`: the receiver answered `webhook-delivery: abort-message` (Svix stops retrying). */
export type WebhookPost = (
  url: string,
  init: { headers: Record<string, string>; body: string; signal: AbortSignal; timeoutMs: number },
) => Promise<{ status: number; abort?: boolean }>;

export type WebhookSenderOptions = {
  url?: string;
  secret?: string;
  /** Where `webhooks.jsonl` is kept; null = memory only (a restart forgets pending webhooks). */
  dataDir: string | null;
  /** Waits after each failed attempt; default Svix's (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h). */
  retryDelaysMs?: readonly number[];
  /** Multiplies the waits (tests: 0.001 turns the 27.6 h schedule into 100 s). */
  timeScale?: number;
  /** Webhook requests in flight at once. */
  concurrency?: number;
  /** An attempt without an answer by then has failed (Svix: 15 s). */
  timeoutMs?: number;
  /** How long close() lets attempts in flight finish before aborting them (they stay queued). */
  closeGraceMs?: number;
  compactMinBytes?: number;
  log?: (line: string) => void;
  /** The HTTP call (tests replace it); default fetch without following redirects, as Svix. */
  post?: WebhookPost;
};

const BOUNCE = {
  type: "Permanent",
  subType: "General",
  message: "The recipient's mail server permanently rejected the email (simulated by the Resend sink).",
};
const RECENT_DELIVERED = 1000;

/** The body Resend posts for an email event (same field names as the SDK's EmailBouncedEvent & co). */
export function webhookPayload(email: StoredEmail, type: WebhookEventType, at: string) {
  const tags = email.tags ? Object.fromEntries(email.tags.map((t) => [t.name, t.value])) : undefined;
  return {
    type,
    created_at: at,
    data: {
      created_at: email.created_at,
      email_id: email.id,
      message_id: email.message_id,
      from: email.from,
      to: email.to,
      subject: email.subject,
      ...(tags ? { tags } : {}),
      ...(type === "email.bounced" ? { bounce: BOUNCE } : {}),
    },
  };
}

export const fetchPost: WebhookPost = async (url, { headers, body, signal, timeoutMs }) => {
  const res = await fetch(url, {
    method: "POST",
    headers,
    body,
    redirect: "manual",
    signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
  });
  await res.arrayBuffer().catch(() => undefined);
  return { status: res.status, abort: res.headers.get("webhook-delivery") === "abort-message" };
};

function describe(err: unknown, timeoutMs: number): string {
  if (err instanceof Error) {
    if (err.name === "TimeoutError") return `no answer within ${timeoutMs} ms`;
    const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? err.message;
  }
  return String(err);
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/**
 * Delivers events to the configured URL the way Svix does for Resend: each event is one message with one
 * svix-id, attempted at once and then on Svix's schedule (scaled by `timeScale`) until a 2xx answer; every
 * other answer (3xx, 4xx, 5xx), a network error or no answer within 15 s is a failed attempt. Each attempt
 * is signed anew (fresh svix-timestamp and signature, same svix-id), so receivers must be idempotent.
 *
 * With a data dir the queue lives in `webhooks.jsonl` (see WebhookJournal): an event is written there
 * before it counts as queued and attempted only once fsync'ed; a restart resumes every pending webhook at
 * its due time. Memory holds an index entry per queued webhook (no body) and a heap ordered by due time;
 * at most `concurrency` requests are in flight.
 */
export class WebhookSender {
  readonly schedule: WebhookSchedule;
  private readonly index = new Map<string, WebhookEntry>();
  private readonly due = new MinHeap<WebhookEntry>((a, b) => a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.seq < b.seq));
  private readonly journal: WebhookJournal | null = null;
  private readonly inFlight = new Map<WebhookEntry, AbortController>();
  private readonly recent: WebhookView[] = [];
  private readonly idleWaiters: (() => void)[] = [];
  private readonly concurrency: number;
  private readonly timeoutMs: number;
  private readonly post: WebhookPost;
  private readonly log: (line: string) => void;
  private delivered = 0;
  private failed = 0;
  private seq = 0;
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private closed = false;

  constructor(private readonly opts: WebhookSenderOptions) {
    this.schedule = webhookSchedule(opts.retryDelaysMs ?? SVIX_RETRY_DELAYS_MS, opts.timeScale ?? 1);
    this.concurrency = Math.max(1, opts.concurrency ?? 16);
    this.timeoutMs = opts.timeoutMs ?? SVIX_ATTEMPT_TIMEOUT_MS;
    this.post = opts.post ?? fetchPost;
    this.log = opts.log ?? (() => {});
    if (!opts.url || !opts.dataDir) return;
    this.journal = new WebhookJournal(opts.dataDir, {
      log: this.log,
      live: () => ({ entries: this.index.values(), delivered: this.delivered }),
      compactMinBytes: opts.compactMinBytes,
    });
    const { entries, delivered } = this.journal.load();
    this.delivered = delivered;
    for (const e of entries) {
      e.seq = this.seq++;
      this.index.set(e.svixId, e);
      if (e.status === "failed") this.failed += 1;
      else this.push(e);
    }
    if (entries.length)
      this.log(`resuming ${entries.length - this.failed} pending webhook(s) from ${this.journal.file} (${this.failed} failed)`);
    this.pump();
  }

  get enabled(): boolean {
    return Boolean(this.opts.url);
  }

  /** Queues one event: on disk (when there is a data dir) before this returns, attempted once fsync'ed. */
  send(email: StoredEmail, type: WebhookEventType, at: string): void {
    if (!this.opts.url) return;
    if (this.closed) {
      this.log(`webhook ${type} for ${email.id} not queued: the sink is closing`);
      return;
    }
    const body = JSON.stringify(webhookPayload(email, type, at));
    const now = Date.now();
    const e: WebhookEntry = {
      svixId: newMessageId(),
      emailId: email.id,
      type,
      queuedAt: now,
      status: "pending",
      attempts: 0,
      dueAt: now,
      pos: -1,
      len: 0,
      seq: this.seq++,
      durable: true,
      inHeap: false,
    };
    if (this.journal) {
      try {
        this.journal.enqueue(e, body);
        e.durable = false;
      } catch (err) {
        e.body = body; // better kept in memory than dropped
        this.log(`webhook ${type} for ${email.id} kept in memory only: ${err instanceof Error ? err.message : err}`);
      }
    } else e.body = body;
    this.index.set(e.svixId, e);
    if (e.durable) return void (this.push(e), this.pump());
    void this.journal!.durable().then(() => {
      e.durable = true;
      if (this.closed) return;
      this.push(e);
      this.pump();
    });
  }

  counts(): WebhookCounts {
    const sending = this.inFlight.size;
    return { pending: this.index.size - this.failed - sending, sending, failed: this.failed, delivered: this.delivered };
  }

  /**
   * Queued and failed webhooks (sending first, then by due time, then failed) followed by the most
   * recently delivered ones (newest first, the last 1000 only).
   */
  list(filter: { status?: WebhookView["status"]; emailId?: string; limit?: number } = {}): WebhookView[] {
    const limit = Math.min(Math.max(1, filter.limit ?? 100), 10_000);
    const rank = { sending: 0, pending: 1, failed: 2 } as const;
    const queued = [...this.index.values()]
      .filter((e) => (!filter.status || filter.status === e.status) && (!filter.emailId || filter.emailId === e.emailId))
      .sort((a, b) => rank[a.status] - rank[b.status] || a.dueAt - b.dueAt || a.seq - b.seq)
      .slice(0, limit)
      .map((e) => this.view(e, e.status));
    const delivered =
      !filter.status || filter.status === "delivered"
        ? this.recent.filter((v) => !filter.emailId || v.emailId === filter.emailId).reverse()
        : [];
    return [...queued, ...delivered].slice(0, limit);
  }

  /** Every pending webhook is due now, and every failed one starts the schedule again (Svix's "recover"). */
  retryNow(): number {
    const now = Date.now();
    let n = 0;
    for (const e of this.index.values()) {
      if (e.status === "sending" || (e.status === "pending" && e.dueAt <= now)) continue;
      if (e.status === "failed") e.attempts = 0;
      e.status = "pending";
      e.dueAt = now;
      this.journal?.requeued(e);
      n += 1;
    }
    this.failed = 0;
    const ready = [...this.index.values()].filter((e) => e.status === "pending" && e.durable);
    for (const e of this.index.values()) e.inHeap = false;
    for (const e of ready) e.inHeap = true;
    this.due.reset(ready);
    this.pump();
    return n;
  }

  private view(e: WebhookEntry, status: WebhookView["status"]): WebhookView {
    return {
      svixId: e.svixId,
      emailId: e.emailId,
      type: e.type,
      status,
      attempts: e.attempts,
      queuedAt: iso(e.queuedAt)!,
      nextAttemptAt: status === "pending" ? iso(e.dueAt) : undefined,
      lastAttemptAt: iso(e.lastAttemptAt),
      lastStatus: e.lastStatus,
      lastError: e.lastError,
    };
  }

  private push(e: WebhookEntry): void {
    if (e.inHeap) return;
    e.inHeap = true;
    this.due.push(e);
  }

  /** Starts every due attempt the concurrency allows, then sleeps until the next one is due. */
  private pump(): void {
    if (this.closed) return;
    const now = Date.now();
    while (this.inFlight.size < this.concurrency) {
      const top = this.due.peek();
      if (!top || top.dueAt > now) break;
      this.due.pop();
      top.inHeap = false;
      if (top.status === "pending" && this.index.has(top.svixId)) void this.attempt(top);
    }
    const top = this.due.peek();
    const at = top && this.inFlight.size < this.concurrency ? top.dueAt : Infinity;
    if (at === this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = at;
    if (at === Infinity) return;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.timerAt = Infinity;
        this.pump();
      },
      Math.min(Math.max(0, at - now), 2 ** 31 - 1),
    );
  }

  private async attempt(e: WebhookEntry): Promise<void> {
    e.status = "sending";
    const ctrl = new AbortController();
    this.inFlight.set(e, ctrl);
    let status: number | undefined;
    let error: string | undefined;
    let abort = false;
    try {
      const body = e.body ?? this.journal!.readBody(e);
      const headers = {
        "content-type": "application/json",
        "user-agent": "Svix-Webhooks/1.0 (resend-sink)",
        ...svixHeaders(this.opts.secret, e.svixId, body),
      };
      const res = await this.post(this.opts.url!, { headers, body, signal: ctrl.signal, timeoutMs: this.timeoutMs });
      status = res.status;
      abort = Boolean(res.abort);
      if (status < 200 || status > 299) error = `HTTP ${status}`;
    } catch (err) {
      error = describe(err, this.timeoutMs);
    }
    this.inFlight.delete(e);
    if (ctrl.signal.aborted)
      e.status = "pending"; // cut short by close(): not an attempt, still queued on disk
    else this.settle(e, status, error, abort);
    if (this.inFlight.size === 0) for (const w of this.idleWaiters.splice(0)) w();
    this.pump();
  }

  private settle(e: WebhookEntry, status: number | undefined, error: string | undefined, abort: boolean): void {
    const at = Date.now();
    e.attempts += 1;
    e.lastAttemptAt = at;
    e.lastStatus = status;
    e.lastError = error;
    if (error === undefined) {
      this.index.delete(e.svixId);
      this.delivered += 1;
      this.journal?.delivered(e);
      this.recent.push(this.view(e, "delivered"));
      if (this.recent.length > RECENT_DELIVERED) this.recent.splice(0, this.recent.length - RECENT_DELIVERED);
      return;
    }
    const next = abort ? null : nextAttemptAt(this.schedule, e.attempts, at);
    if (next === null) {
      e.status = "failed";
      this.failed += 1;
      this.journal?.failed(e);
      this.log(
        `webhook ${e.type} for ${e.emailId} (${e.svixId}) failed after ${e.attempts} attempt(s): ${error}${abort ? " (the receiver asked to stop)" : ""}`,
      );
      return;
    }
    e.status = "pending";
    e.dueAt = next;
    this.journal?.retrying(e);
    this.push(e);
  }

  /**
   * Stops attempting: attempts in flight get `closeGraceMs` to finish, then are aborted (they stay queued
   * and are sent again, same svix-id, by the next start on the same data dir). Then the journal is closed.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const idle = () => (this.inFlight.size === 0 ? Promise.resolve() : new Promise<void>((r) => this.idleWaiters.push(r)));
    if (this.inFlight.size) {
      let graceTimer: NodeJS.Timeout | undefined;
      await Promise.race([idle(), new Promise<void>((r) => (graceTimer = setTimeout(r, this.opts.closeGraceMs ?? 2000)))]);
      clearTimeout(graceTimer);
      for (const c of this.inFlight.values()) c.abort();
      await idle();
    }
    await this.journal?.close();
  }
}
