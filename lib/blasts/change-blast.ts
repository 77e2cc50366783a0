import type { Db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { logActivity } from "@/lib/activity/log-activity";
import { assertAgencyCanSend } from "@/lib/accounts/assert-agency-can-send";
import { enqueueEvent } from "@/lib/outbox/outbox";
import { blastCancelledId, blastRequestedId } from "@/lib/blasts/event-ids";
import { checkScheduleTime, type Actor, type Requested } from "@/lib/blasts/request-blast";

/**
 * Cancel, retry failed, reschedule: each changes the Blast row and writes the event that makes the
 * functions act, in one transaction. Heavy work (settling thousands of deliveries) happens in functions.
 */
async function findBlast(db: Pick<Db, "blast">, actor: Actor, blastId: string) {
  const blast = await db.blast.findFirst({ where: { id: blastId, accountId: actor.accountId } });
  if (!blast) throw notFound("Blast");
  return blast;
}

export async function cancelBlast(db: Db, actor: Actor, blastId: string): Promise<Requested> {
  return db.$transaction(async (tx) => {
    const blast = await findBlast(tx, actor, blastId);
    const moved = await tx.blast.updateMany({
      where: { id: blast.id, status: { in: ["SCHEDULED", "QUEUED", "SENDING", "PAUSED"] } },
      data: { status: "CANCELLED", failureReason: null, pausedAt: null, pausedFrom: null },
    });
    if (moved.count === 0) throw new AppError("CONFLICT", `This blast is ${blast.status.toLowerCase()}; it can no longer be cancelled.`);
    await logActivity(tx, {
      accountId: actor.accountId,
      userId: actor.userId,
      blastId,
      type: "blast.cancelled",
      detail: { from: blast.status },
    });
    const id = blastCancelledId(blastId);
    await enqueueEvent(tx, { id, name: "blast/cancelled", data: { blastId, accountId: actor.accountId } });
    return { blastId, eventIds: [id] };
  });
}

/** Sends again only to the deliveries that FAILED: a new round, with new event ids and idempotency keys. */
export async function retryFailed(db: Db, actor: Actor, blastId: string): Promise<Requested> {
  return db.$transaction(async (tx) => {
    const blast = await findBlast(tx, actor, blastId);
    await assertAgencyCanSend(tx, actor.accountId);
    if (blast.status !== "COMPLETED" && blast.status !== "CANCELLED") {
      throw new AppError("CONFLICT", "Retry failed recipients once the blast has finished.");
    }
    const failed = await tx.delivery.count({ where: { blastId, status: "FAILED" } });
    if (failed === 0) throw new AppError("INVALID", "No failed recipients to retry.");
    const round = blast.retryRound + 1;
    await tx.blast.update({
      where: { id: blastId },
      data: { status: "QUEUED", retryRound: round, completedAt: null, failureReason: null },
    });
    await logActivity(tx, { accountId: actor.accountId, userId: actor.userId, blastId, type: "blast.retried", detail: { failed, round } });
    const id = blastRequestedId(blastId, round);
    await enqueueEvent(tx, { id, name: "blast/requested", data: { blastId, accountId: actor.accountId } });
    return { blastId, eventIds: [id] };
  });
}

/** A new time for a scheduled blast: a new event sleeps until it; the old run wakes, sees the change, exits. */
export async function rescheduleBlast(db: Db, actor: Actor, blastId: string, scheduledAt: Date, now = new Date()): Promise<Requested> {
  checkScheduleTime(scheduledAt, now);
  return db.$transaction(async (tx) => {
    const blast = await findBlast(tx, actor, blastId);
    const moved = await tx.blast.updateMany({ where: { id: blast.id, status: "SCHEDULED" }, data: { scheduledAt } });
    if (moved.count === 0) throw new AppError("CONFLICT", "Only a blast that has not started can be rescheduled.");
    await logActivity(tx, {
      accountId: actor.accountId,
      userId: actor.userId,
      blastId,
      type: "blast.scheduled",
      detail: { scheduledAt: scheduledAt.toISOString(), rescheduled: true },
    });
    const id = blastRequestedId(blastId, 0, String(scheduledAt.getTime()));
    await enqueueEvent(tx, { id, name: "blast/requested", data: { blastId, accountId: actor.accountId } });
    return { blastId, eventIds: [id] };
  });
}
