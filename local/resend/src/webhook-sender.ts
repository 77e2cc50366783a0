import { svixHeaders, newMessageId } from "./sign-svix";
import type { StoredEmail, WebhookEventType } from "./types";

export type WebhookAttemptLog = {
  svixId: string;
  emailId: string;
  type: WebhookEventType;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  lastStatus?: number;
  lastError?: string;
};

const BOUNCE = { type: "Permanent", subType: "General", message: "The recipient's mail server permanently rejected the email (simulated by the Resend sink)." };

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

/**
 * Posts events to the configured URL, signed the Svix way. A failed post is retried on a schedule with the
 * same svix-id (as Svix does), so receivers must be idempotent — which is exactly what we want to test.
 */
export class WebhookSender {
  readonly log: WebhookAttemptLog[] = [];
  private timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly url: string | undefined,
    private readonly secret: string | undefined,
    private readonly retryDelaysMs: number[],
    private readonly logLine: (s: string) => void,
  ) {}

  send(email: StoredEmail, type: WebhookEventType, at: string): void {
    if (!this.url || this.closed) return;
    const entry: WebhookAttemptLog = { svixId: newMessageId(), emailId: email.id, type, status: "pending", attempts: 0 };
    this.log.push(entry);
    if (this.log.length > 10_000) this.log.splice(0, this.log.length - 10_000);
    void this.attempt(entry, JSON.stringify(webhookPayload(email, type, at)));
  }

  private async attempt(entry: WebhookAttemptLog, body: string): Promise<void> {
    if (this.closed) return;
    entry.attempts += 1;
    try {
      const res = await fetch(this.url!, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "Svix-Webhooks/1.0 (resend-sink)", ...svixHeaders(this.secret, entry.svixId, body) },
        body,
        signal: AbortSignal.timeout(15_000),
      });
      entry.lastStatus = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return void (entry.status = "delivered");
      entry.lastError = `HTTP ${res.status}`;
    } catch (err) {
      entry.lastError = err instanceof Error ? err.message : String(err);
    }
    const delay = this.retryDelaysMs[entry.attempts - 1];
    if (delay === undefined || this.closed) {
      entry.status = "failed";
      this.logLine(`webhook ${entry.type} for ${entry.emailId} failed after ${entry.attempts} attempts: ${entry.lastError}`);
      return;
    }
    const t = setTimeout(() => {
      this.timers.delete(t);
      void this.attempt(entry, body);
    }, delay);
    this.timers.add(t);
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
