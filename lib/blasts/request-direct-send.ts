import type { Db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { logActivity } from "@/lib/activity/log-activity";
import { addCreditEntry } from "@/lib/credits/grant-credit";
import { assertAgencyCanSend } from "@/lib/accounts/assert-agency-can-send";
import { enqueueEvent } from "@/lib/outbox/outbox";
import { customerEventId } from "@/lib/blasts/event-ids";
import type { DirectSendInput } from "@/lib/blasts/blast.validation";
import type { Actor, Requested } from "@/lib/blasts/request-blast";
import { deliverySortName } from "@/lib/deliveries/delivery-sort-name";

/**
 * An email to one customer: a one-recipient blast (kind DIRECT) whose single event goes straight to
 * the per-customer worker — the same checks, rendering, sending and log as a blast. The delivery row and
 * its credit are written here, in one transaction, since there is nothing to fan out.
 */
export async function requestDirectSend(db: Db, actor: Actor, input: DirectSendInput): Promise<Requested> {
  return db.$transaction(async (tx) => {
    await assertAgencyCanSend(tx, actor.accountId);
    const customer = await tx.customer.findFirst({ where: { id: input.customerId, accountId: actor.accountId } });
    if (!customer) throw notFound("Customer");
    if (customer.status !== "ACTIVE") throw new AppError("INVALID", "This customer is inactive. Reactivate them to email them.");
    if (customer.optedOutAt) throw new AppError("INVALID", "This customer has opted out of emails.");

    const blast = await tx.blast.create({
      data: {
        accountId: actor.accountId,
        createdById: actor.userId,
        kind: "DIRECT",
        templateKey: input.templateKey,
        subject: input.subject,
        customMessage: input.customMessage,
        selection: { mode: "ids", ids: [customer.id] },
        status: "SENDING",
        recipientCount: 1,
        startedAt: new Date(),
      },
    });
    const delivery = await tx.delivery.create({
      data: {
        accountId: actor.accountId,
        blastId: blast.id,
        customerId: customer.id,
        email: customer.email,
        sortName: deliverySortName(customer),
      },
    });
    const reserved = await addCreditEntry(tx, {
      accountId: actor.accountId,
      delta: -1,
      reason: "Email to one customer",
      blastId: blast.id,
    });
    if (!reserved) throw new AppError("LIMIT", "Not enough credit to send an email. Add credit in Settings.");
    await logActivity(tx, {
      accountId: actor.accountId,
      userId: actor.userId,
      blastId: blast.id,
      customerId: customer.id,
      type: "email.direct",
      detail: { subject: input.subject, templateKey: input.templateKey },
    });
    const id = customerEventId(blast.id, customer.id, 0);
    await enqueueEvent(tx, {
      id,
      name: "blast/customer.requested",
      data: { blastId: blast.id, accountId: actor.accountId, customerId: customer.id, deliveryId: delivery.id, urgent: false, round: 0 },
    });
    return { blastId: blast.id, eventIds: [id] };
  });
}
