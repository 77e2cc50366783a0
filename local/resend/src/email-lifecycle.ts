import type { EmailStore } from "./email-store";
import type { FaultInjector } from "./fault-injector";
import type { WebhookEventType } from "./types";
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

  /** Holds the id only (not the email, whose body may be 10 KB) until its next event is due. */
  start(id: string, to: string[]): void {
    this.emit(id, "email.sent");
    this.outcomeLater(id, this.faults.outcomeFor(to));
  }

  private outcomeLater(id: string, outcome: ReturnType<FaultInjector["outcomeFor"]>): void {
    this.later(() => {
      this.emit(id, outcome === "bounced" ? "email.bounced" : "email.delivered");
      if (outcome === "complained") this.later(() => this.emit(id, "email.complained"));
    });
  }

  /**
   * After a restart: emails accepted before it whose delivered/bounced (or complained) event never
   * happened — its timer died with the process — get it now, so no outcome is lost. Bodies dropped or
   * not: the events of every email are kept.
   */
  resume(): number {
    let n = 0;
    for (const email of this.store.each({ withBody: false })) {
      const has = (t: WebhookEventType) => email.events.some((ev) => ev.type === t);
      if (!has("email.sent")) continue;
      const outcome = this.faults.outcomeFor(email.to);
      if (!has("email.delivered") && !has("email.bounced")) {
        n += 1;
        this.outcomeLater(email.id, outcome);
      } else if (outcome === "complained" && has("email.delivered") && !has("email.complained")) {
        n += 1;
        const id = email.id;
        this.later(() => this.emit(id, "email.complained"));
      }
    }
    return n;
  }

  /** Used by POST /_sink/emails/:id/events to simulate a late bounce or complaint on demand. */
  emit(id: string, type: WebhookEventType): void {
    const email = this.store.get(id, { withBody: false }); // a webhook carries no body
    if (!email) return; // cleared by DELETE /_sink/emails meanwhile
    const at = new Date().toISOString();
    // The webhook is queued (on disk) before the event is recorded: a crash in between repeats the
    // event on the next start (receivers are idempotent) rather than losing it.
    this.webhooks.send(email, type, at);
    this.store.addEvent(id, type, at);
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
