import type { EmailStore } from "./email-store";
import type { FaultInjector } from "./fault-injector";
import type { StoredEmail, WebhookEventType } from "./types";
import type { WebhookSender } from "./webhook-sender";

/**
 * What happens to an accepted email: "sent" at once, then "delivered" or "bounced" after a short delay,
 * and "complained" after delivery for complaining recipients. Events for one email are emitted in order.
 */
export class EmailLifecycle {
  private timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly store: EmailStore,
    private readonly faults: FaultInjector,
    private readonly webhooks: WebhookSender,
    private readonly delayMs: number,
  ) {}

  start(email: StoredEmail): void {
    this.emit(email, "email.sent");
    const outcome = this.faults.outcomeFor(email.to);
    this.later(() => {
      this.emit(email, outcome === "bounced" ? "email.bounced" : "email.delivered");
      if (outcome === "complained") this.later(() => this.emit(email, "email.complained"));
    });
  }

  /**
   * After a restart: emails accepted before it whose delivered/bounced (or complained) event never
   * happened — its timer died with the process — get it now, so no outcome is lost.
   */
  resume(): number {
    let n = 0;
    for (const email of this.store.list()) {
      const has = (t: WebhookEventType) => email.events.some((ev) => ev.type === t);
      if (!has("email.sent")) continue;
      const outcome = this.faults.outcomeFor(email.to);
      if (!has("email.delivered") && !has("email.bounced")) {
        n += 1;
        this.later(() => {
          this.emit(email, outcome === "bounced" ? "email.bounced" : "email.delivered");
          if (outcome === "complained") this.later(() => this.emit(email, "email.complained"));
        });
      } else if (outcome === "complained" && has("email.delivered") && !has("email.complained")) {
        n += 1;
        this.later(() => this.emit(email, "email.complained"));
      }
    }
    return n;
  }

  /** Used by POST /_sink/emails/:id/events to simulate a late bounce or complaint on demand. */
  emit(email: StoredEmail, type: WebhookEventType): void {
    if (!this.store.get(email.id)) return; // cleared by DELETE /_sink/emails meanwhile
    const at = new Date().toISOString();
    // The webhook is queued (on disk) before the event is recorded: a crash in between repeats the
    // event on the next start (receivers are idempotent) rather than losing it.
    this.webhooks.send(email, type, at);
    this.store.addEvent(email.id, type, at);
  }

  private later(fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, this.delayMs);
    this.timers.add(t);
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
