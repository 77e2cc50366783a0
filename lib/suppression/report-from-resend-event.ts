import type { ProviderReport } from "@/lib/deliveries/delivery-outcome";
import type { ResendEvent } from "./record-resend-event";

/** "Permanent / General / 550 no such user": how a bounce is described on suppressions and deliveries. */
export function describeBounce(bounce: ResendEvent["data"]["bounce"]): string | null {
  if (!bounce) return null;
  return [bounce.type, bounce.subType, bounce.message].filter(Boolean).join(" / ") || null;
}

/** The event's own time: when the provider saw it (a click carries the click's time), not when it reached us. */
export function resendEventTime(event: ResendEvent, now: Date): Date {
  for (const raw of [event.type === "email.clicked" ? event.data.click?.timestamp : undefined, event.created_at]) {
    const t = raw ? Date.parse(raw) : NaN;
    if (Number.isFinite(t)) return new Date(t);
  }
  return now;
}

/**
 * What a Resend event says about the email's fate, or null for events that say nothing about it
 * (email.sent, email.scheduled, and anything Resend adds later). A transient bounce is still a bounce:
 * Resend reports it once it has given up on that email.
 */
export function reportFromResendEvent(event: ResendEvent, now = new Date()): ProviderReport | null {
  const at = resendEventTime(event, now);
  switch (event.type) {
    case "email.delivered":
      return { kind: "outcome", outcome: "DELIVERED", at };
    case "email.delivery_delayed":
      return { kind: "outcome", outcome: "DELAYED", at };
    case "email.bounced":
      return { kind: "outcome", outcome: "BOUNCED", at, detail: describeBounce(event.data.bounce) };
    case "email.complained":
      return { kind: "outcome", outcome: "COMPLAINED", at };
    case "email.opened":
      return { kind: "opened", at };
    case "email.clicked":
      return { kind: "clicked", at };
    default:
      return null;
  }
}
