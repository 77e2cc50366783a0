import { z } from "zod";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { normalizeEmail } from "@/lib/customers/normalize-email";

type Db = Pick<PrismaClient, "delivery" | "suppression" | "activity" | "customer">;

export const resendEventSchema = z.object({
  type: z.string(),
  created_at: z.string(),
  data: z
    .object({
      email_id: z.string().optional(),
      to: z.array(z.string()).optional(),
      bounce: z.object({ type: z.string().optional(), subType: z.string().optional(), message: z.string().optional() }).optional(),
      tags: z.union([z.record(z.string(), z.string()), z.array(z.object({ name: z.string(), value: z.string() }))]).optional(),
    })
    .passthrough(),
});
export type ResendEvent = z.infer<typeof resendEventSchema>;

export type RecordOutcome =
  | { result: "recorded"; suppressed: number; activity: boolean }
  | { result: "ignored"; why: string }
  /** The email is not (yet) linked to a Delivery: the sender may not have stored the provider id yet. */
  | { result: "retry_later" };

// Webhooks can overtake the sender's "record provider id" step; until this age, ask Resend to retry.
const WAIT_FOR_DELIVERY_MS = 15 * 60 * 1000;
const HANDLED = new Set(["email.delivered", "email.bounced", "email.complained"]);

/**
 * Turns a provider event into our facts. Bounces (permanent only: a full mailbox is not a dead address)
 * and complaints become global Suppression rows; complaints also opt the customer out of that agency;
 * each event becomes one Activity for the agency's history. Every write is idempotent (unique keys +
 * skipDuplicates), so redelivered or replayed webhooks change nothing the second time.
 */
export async function recordResendEvent({ db, event, now = new Date() }: { db: Db; event: ResendEvent; now?: Date }): Promise<RecordOutcome> {
  if (!HANDLED.has(event.type)) return { result: "ignored", why: `event ${event.type} not used` };
  const emailId = event.data.email_id;
  if (!emailId) return { result: "ignored", why: "no email_id" };
  const recipients = [...new Set((event.data.to ?? []).map(normalizeEmail))];
  const bounce = event.data.bounce;
  const permanentBounce = event.type === "email.bounced" && (bounce?.type ?? "Permanent") === "Permanent";

  let suppressed = 0;
  if (permanentBounce || event.type === "email.complained") {
    const kind = event.type === "email.complained" ? "COMPLAINED" : "BOUNCED";
    const detail = bounce ? [bounce.type, bounce.subType, bounce.message].filter(Boolean).join(" / ") : null;
    ({ count: suppressed } = await db.suppression.createMany({
      data: recipients.map((emailNormalized) => ({ emailNormalized, kind, source: `resend:${emailId}`, detail })),
      skipDuplicates: true,
    }));
  }

  const delivery = await db.delivery.findFirst({ where: { providerMessageId: emailId }, select: { id: true, accountId: true, customerId: true, blastId: true } });
  // Emails that are not deliveries (a composer's test send, a set-password link) are tagged with their kind:
  // no delivery will ever match them, so waiting for one would only make Resend retry.
  const kind = tagValue(event.data.tags, "kind");
  if (!delivery && kind) return { result: "ignored", why: kind === "test" ? "test send" : `${kind} email` };
  if (!delivery) {
    const age = now.getTime() - Date.parse(event.created_at);
    if (Number.isFinite(age) && age < WAIT_FOR_DELIVERY_MS) return { result: "retry_later" };
    return suppressed ? { result: "recorded", suppressed, activity: false } : { result: "ignored", why: "no matching delivery" };
  }

  if (event.type === "email.complained") {
    await db.customer.updateMany({ where: { id: delivery.customerId, accountId: delivery.accountId, optedOutAt: null }, data: { optedOutAt: now } });
  }
  const { count } = await db.activity.createMany({
    data: [
      {
        accountId: delivery.accountId,
        customerId: delivery.customerId,
        blastId: delivery.blastId,
        type: event.type,
        detail: { deliveryId: delivery.id, emailId, ...(bounce ? { bounce } : {}), ...(event.type === "email.bounced" ? { suppressed: permanentBounce } : {}) },
        dedupKey: `resend:${emailId}:${event.type}`,
        at: Number.isFinite(Date.parse(event.created_at)) ? new Date(event.created_at) : now,
      },
    ],
    skipDuplicates: true,
  });
  return { result: "recorded", suppressed, activity: count === 1 };
}

/** Resend sends tags as an object; older payloads (and the SDK's input) use [{name, value}]. */
function tagValue(tags: ResendEvent["data"]["tags"], name: string): string | undefined {
  if (!tags) return undefined;
  return Array.isArray(tags) ? tags.find((t) => t.name === name)?.value : tags[name];
}
