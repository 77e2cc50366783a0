import { z } from "zod";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { normalizeEmail } from "@/lib/customers/normalize-email";
import { recordDeliveryOutcome } from "@/lib/deliveries/record-delivery-outcome";
import { describeBounce, reportFromResendEvent, resendEventTime } from "./report-from-resend-event";

type Db = Pick<PrismaClient, "delivery" | "suppression" | "activity" | "customer" | "$queryRaw">;

export const resendEventSchema = z.object({
  type: z.string(),
  created_at: z.string(),
  data: z
    .object({
      email_id: z.string().optional(),
      // Resend documents an array; a lone address is accepted rather than making Resend retry forever.
      to: z.union([z.array(z.string()), z.string().transform((s) => [s])]).optional(),
      bounce: z.object({ type: z.string().nullish(), subType: z.string().nullish(), message: z.string().nullish() }).nullish(),
      click: z.object({ link: z.string().nullish(), timestamp: z.string().nullish() }).nullish(),
      tags: z.union([z.record(z.string(), z.string()), z.array(z.object({ name: z.string(), value: z.string() }))]).optional(),
    })
    .passthrough(),
});
export type ResendEvent = z.infer<typeof resendEventSchema>;

export type RecordOutcome =
  /** updated: the delivery's outcome, first open or first click changed (false for a duplicate or an outranked event). */
  | { result: "recorded"; suppressed: number; activity: boolean; updated: boolean }
  | { result: "ignored"; why: string }
  /** The email is not (yet) linked to a Delivery: the sender may not have stored the provider id yet. */
  | { result: "retry_later" };

// Webhooks can overtake the sender's "record provider id" step; until this age, ask Resend to retry.
const WAIT_FOR_DELIVERY_MS = 15 * 60 * 1000;
// Facts for the agency's history. Opens, clicks and delays are recorded on the delivery only: they are
// frequent, unreliable (image proxies open, link scanners click) and not something an agent acts on.
const LOGGED = new Set(["email.delivered", "email.bounced", "email.complained"]);

/**
 * Turns a provider event into our facts. Bounces (permanent only: a full mailbox is not a dead address)
 * and complaints become global Suppression rows; complaints also opt the customer out of that agency;
 * delivered/bounced/complained become one Activity for the agency's history; every reported event moves
 * the delivery's outcome (by precedence) or its first open/click. Every write is idempotent (unique keys,
 * skipDuplicates, conditional updates), so redelivered or replayed webhooks change nothing the second time.
 */
export async function recordResendEvent({
  db,
  event,
  now = new Date(),
}: {
  db: Db;
  event: ResendEvent;
  now?: Date;
}): Promise<RecordOutcome> {
  const report = reportFromResendEvent(event, now);
  if (!report) return { result: "ignored", why: `event ${event.type} not used` };
  const emailId = event.data.email_id;
  if (!emailId) return { result: "ignored", why: "no email_id" };
  const recipients = [...new Set((event.data.to ?? []).map(normalizeEmail))];
  const bounce = event.data.bounce;
  const permanentBounce = event.type === "email.bounced" && (bounce?.type ?? "Permanent") === "Permanent";

  let suppressed = 0;
  if (permanentBounce || event.type === "email.complained") {
    const kind = event.type === "email.complained" ? "COMPLAINED" : "BOUNCED";
    const detail = describeBounce(bounce);
    ({ count: suppressed } = await db.suppression.createMany({
      data: recipients.map((emailNormalized) => ({ emailNormalized, kind, source: `resend:${emailId}`, detail })),
      skipDuplicates: true,
    }));
  }

  const delivery = await db.delivery.findFirst({
    where: { providerMessageId: emailId },
    select: { id: true, accountId: true, customerId: true, blastId: true },
  });
  // Emails that are not deliveries (a composer's test send, a set-password link) are tagged with their kind:
  // no delivery will ever match them, so waiting for one would only make Resend retry.
  const kind = tagValue(event.data.tags, "kind");
  if (!delivery && kind) return { result: "ignored", why: kind === "test" ? "test send" : `${kind} email` };
  if (!delivery) {
    const age = now.getTime() - Date.parse(event.created_at);
    if (Number.isFinite(age) && age < WAIT_FOR_DELIVERY_MS) return { result: "retry_later" };
    return suppressed
      ? { result: "recorded", suppressed, activity: false, updated: false }
      : { result: "ignored", why: "no matching delivery" };
  }

  if (event.type === "email.complained") {
    await db.customer.updateMany({
      where: { id: delivery.customerId, accountId: delivery.accountId, optedOutAt: null },
      data: { optedOutAt: now },
    });
  }
  let logged = false;
  if (LOGGED.has(event.type)) {
    const { count } = await db.activity.createMany({
      data: [
        {
          accountId: delivery.accountId,
          customerId: delivery.customerId,
          blastId: delivery.blastId,
          type: event.type,
          detail: {
            deliveryId: delivery.id,
            emailId,
            ...(bounce ? { bounce } : {}),
            ...(event.type === "email.bounced" ? { suppressed: permanentBounce } : {}),
          },
          dedupKey: `resend:${emailId}:${event.type}`,
          at: resendEventTime(event, now),
        },
      ],
      skipDuplicates: true,
    });
    logged = count === 1;
  }
  // After the Activity: if this fails, Resend retries, the Activity is a no-op and the outcome lands then.
  const updated = await recordDeliveryOutcome(db, { accountId: delivery.accountId, deliveryId: delivery.id }, report);
  return { result: "recorded", suppressed, activity: logged, updated };
}

/** Resend sends tags as an object; older payloads (and the SDK's input) use [{name, value}]. */
function tagValue(tags: ResendEvent["data"]["tags"], name: string): string | undefined {
  if (!tags) return undefined;
  return Array.isArray(tags) ? tags.find((t) => t.name === name)?.value : tags[name];
}
