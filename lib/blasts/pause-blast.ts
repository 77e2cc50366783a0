import type { Db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { logActivity } from "@/lib/activity/log-activity";
import { assertAgencyCanSend } from "@/lib/accounts/assert-agency-can-send";
import { enqueueEvent } from "@/lib/outbox/outbox";
import { blastRequestedId, blastResumedId } from "@/lib/blasts/event-ids";
import type { Actor, Requested } from "@/lib/blasts/request-blast";

const PAUSABLE = ["SCHEDULED", "QUEUED", "SENDING"] as const;

/**
 * Pause: nothing new is claimed from now on (a claim needs the blast SENDING, see claim-delivery.ts);
 * emails already handed to the provider finish. The unsent recipients stay PENDING with their credit
 * reserved. No event: every run checks the blast's status at its claim.
 */
export async function pauseBlast(db: Db, actor: Actor, blastId: string): Promise<Requested> {
  return db.$transaction(async (tx) => {
    const blast = await tx.blast.findFirst({ where: { id: blastId, accountId: actor.accountId } });
    if (!blast) throw notFound("Blast");
    const moved = await tx.blast.updateMany({
      where: { id: blast.id, status: { in: [...PAUSABLE] } },
      data: { status: "PAUSED", pausedAt: new Date(), pausedFrom: blast.status },
    });
    if (moved.count === 0)
      throw new AppError("CONFLICT", `This blast is ${blast.status.toLowerCase()}; only a scheduled or sending blast can be paused.`);
    await logActivity(tx, {
      accountId: actor.accountId,
      userId: actor.userId,
      blastId,
      type: "blast.paused",
      detail: { from: blast.status },
    });
    return { blastId, eventIds: [] };
  });
}

/**
 * Resume: a blast paused before its fan-out ran goes back to waiting for it (a new request event, as the
 * old run has stopped); one paused while sending goes back to SENDING and a blast/resumed event re-sends
 * the events of exactly its PENDING deliveries, under new ids. A delivery is sent once whatever runs
 * race for it: the claim (PENDING → SENDING) admits one, and the provider's idempotency key is unchanged.
 */
export async function resumeBlast(db: Db, actor: Actor, blastId: string): Promise<Requested> {
  return db.$transaction(async (tx) => {
    const blast = await tx.blast.findFirst({ where: { id: blastId, accountId: actor.accountId } });
    if (!blast) throw notFound("Blast");
    if (blast.status !== "PAUSED") throw new AppError("CONFLICT", `This blast is ${blast.status.toLowerCase()}, not paused.`);
    await assertAgencyCanSend(tx, actor.accountId);
    const resume = blast.resumeCount + 1;
    const to = blast.pausedFrom === "SCHEDULED" || blast.pausedFrom === "QUEUED" ? blast.pausedFrom : "SENDING";
    const moved = await tx.blast.updateMany({
      where: { id: blast.id, status: "PAUSED" },
      data: { status: to, pausedAt: null, pausedFrom: null, resumeCount: resume },
    });
    if (moved.count === 0) throw new AppError("CONFLICT", "This blast changed meanwhile; reload the page.");
    await logActivity(tx, { accountId: actor.accountId, userId: actor.userId, blastId, type: "blast.resumed", detail: { to, resume } });
    const event =
      to === "SENDING"
        ? { id: blastResumedId(blastId, resume), name: "blast/resumed" as const, data: { blastId, accountId: actor.accountId, resume } }
        : {
            id: blastRequestedId(blastId, blast.retryRound, `resume-${resume}`),
            name: "blast/requested" as const,
            data: { blastId, accountId: actor.accountId },
          };
    await enqueueEvent(tx, event);
    return { blastId, eventIds: [event.id] };
  });
}

/** What the resume's fan-out sends, or null when the blast was paused again or cancelled before it ran. */
export async function resumeTarget(db: Db, ref: { accountId: string; blastId: string }, resume: number) {
  const blast = await db.blast.findFirst({
    where: { id: ref.blastId, accountId: ref.accountId },
    select: { status: true, retryRound: true, priority: true, resumeCount: true },
  });
  if (!blast || blast.status !== "SENDING" || blast.resumeCount !== resume) return null;
  return { round: blast.retryRound, urgent: blast.priority === "URGENT" };
}
