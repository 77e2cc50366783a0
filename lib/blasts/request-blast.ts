import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { logActivity } from "@/lib/activity/log-activity";
import { assertAgencyCanSend } from "@/lib/accounts/assert-agency-can-send";
import { enqueueEvent } from "@/lib/outbox/outbox";
import { blastRequestedId } from "@/lib/blasts/event-ids";
import type { CreateBlastInput } from "@/lib/blasts/blast.validation";

export type Actor = { accountId: string; userId: string };
export type Requested = { blastId: string; eventIds: string[] };

const MAX_AHEAD_MS = 366 * 24 * 60 * 60 * 1000;

export function checkScheduleTime(scheduledAt: Date, now: Date): void {
  if (Number.isNaN(scheduledAt.getTime())) throw new AppError("INVALID", "Pick a valid date and time");
  if (scheduledAt.getTime() <= now.getTime()) throw new AppError("INVALID", "That time has passed. Pick a time in the future.");
  if (scheduledAt.getTime() - now.getTime() > MAX_AHEAD_MS) throw new AppError("INVALID", "Schedule at most a year ahead");
}

/**
 * Records an agent's blast and the event that starts it — one transaction, a few rows, whatever the
 * number of recipients: the fan-out function does the heavy work. Returns the outbox event ids for the
 * caller to dispatch after commit.
 */
export async function requestBlast(db: Db, actor: Actor, input: CreateBlastInput, now = new Date()): Promise<Requested> {
  const scheduledAt = input.scheduledAt ? new Date(input.scheduledAt) : null;
  if (scheduledAt) checkScheduleTime(scheduledAt, now);
  return db.$transaction(async (tx) => {
    await assertAgencyCanSend(tx, actor.accountId);
    if (input.selection.mode === "ids") {
      // Hand-picked ids must all be this agency's customers: another agency's id is "not found", not ignored.
      const ids = [...new Set(input.selection.ids)];
      const own = await tx.customer.count({ where: { accountId: actor.accountId, id: { in: ids } } });
      if (own !== ids.length) throw new AppError("NOT_FOUND", "Customer not found: some of the chosen customers are not in your agency");
    }
    const blast = await tx.blast.create({
      data: {
        accountId: actor.accountId,
        createdById: actor.userId,
        kind: "BLAST",
        templateKey: input.templateKey,
        subject: input.subject,
        customMessage: input.customMessage,
        priority: input.urgent ? "URGENT" : "NORMAL",
        selection: input.selection,
        scheduledAt,
        status: scheduledAt ? "SCHEDULED" : "QUEUED",
      },
    });
    await logActivity(tx, {
      accountId: actor.accountId,
      userId: actor.userId,
      blastId: blast.id,
      type: scheduledAt ? "blast.scheduled" : "blast.created",
      detail: { subject: input.subject, selection: input.selection, urgent: input.urgent, scheduledAt: scheduledAt?.toISOString() ?? null },
    });
    const id = blastRequestedId(blast.id, 0);
    await enqueueEvent(tx, { id, name: "blast/requested", data: { blastId: blast.id, accountId: actor.accountId } });
    return { blastId: blast.id, eventIds: [id] };
  });
}
