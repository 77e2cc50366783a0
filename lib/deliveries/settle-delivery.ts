import { deliverySettledKey, deliverySettledKeySql } from "@/lib/activity/dedup-keys";
import type { Db, Tx } from "@/lib/db";
import { logActivity } from "@/lib/activity/log-activity";
import { addCreditEntry } from "@/lib/credits/grant-credit";
import { readableFailure } from "./failure-reason";

export type FinalStatus = "SENT" | "SKIPPED" | "FAILED" | "CANCELLED";

const COUNTER = { SENT: "sentCount", SKIPPED: "skippedCount", FAILED: "failedCount", CANCELLED: "cancelledCount" } as const;
const ACTIVITY = {
  SENT: "delivery.sent",
  SKIPPED: "delivery.skipped",
  FAILED: "delivery.failed",
  CANCELLED: "delivery.cancelled",
} as const;

/**
 * Moves a delivery to its final state exactly once (the update only matches an unsettled row), and in
 * the same transaction: the blast's counter, a refund of the reserved credit for anything not sent,
 * the Activity row, and — if it was the last one — the blast's completion. Safe to call again: a second
 * call finds the row settled and changes nothing.
 */
export async function settleDelivery(
  db: Db,
  ref: { accountId: string; deliveryId: string },
  result: { status: FinalStatus; reason?: string; providerMessageId?: string },
  /** Only from these states: the per-customer worker leaves a claimed (SENDING) delivery to the provider sender. */
  from: ("PENDING" | "SENDING")[] = ["PENDING", "SENDING"],
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const delivery = await tx.delivery.findFirst({ where: { id: ref.deliveryId, accountId: ref.accountId }, include: { blast: true } });
    if (!delivery) return false;
    const now = new Date();
    const reason = result.reason ? readableFailure(result.reason) : null;
    const moved = await tx.delivery.updateMany({
      where: { id: delivery.id, status: { in: from } },
      data: {
        status: result.status,
        reason,
        settledAt: now,
        ...(result.status === "SENT" ? { sentAt: now, providerMessageId: result.providerMessageId } : {}),
      },
    });
    if (moved.count === 0) return false;
    const round = delivery.blast.retryRound;
    // Counter first: it locks the blast row, so concurrent settlements of one blast are serialised and
    // the "last one completes the blast" check below sees every earlier settlement.
    await tx.blast.update({ where: { id: delivery.blastId }, data: { [COUNTER[result.status]]: { increment: 1 } } });
    if (result.status !== "SENT") {
      await addCreditEntry(tx, {
        accountId: delivery.accountId,
        delta: 1,
        reason: `Refund: ${result.status.toLowerCase()} (round ${round})`,
        blastId: delivery.blastId,
        deliveryId: delivery.id,
      });
    }
    await logActivity(tx, {
      accountId: delivery.accountId,
      type: ACTIVITY[result.status],
      customerId: delivery.customerId,
      blastId: delivery.blastId,
      detail: { reason, providerMessageId: result.providerMessageId ?? null, email: delivery.email },
      dedupKey: deliverySettledKey(delivery.id, round),
    });
    await completeIfSettled(tx, delivery.blastId, delivery.accountId, round);
    return true;
  });
}

/**
 * Marks the blast COMPLETED when its counters cover every recipient (called inside settling transactions,
 * after the counter update that locked the blast row). Decided from the counters, never by counting the
 * deliveries: at 100,000 in flight that count cost 35 ms a settle, quadratic over a blast.
 */
export async function completeIfSettled(tx: Tx, blastId: string, accountId: string, round: number): Promise<void> {
  const counts = await tx.blast.findUniqueOrThrow({
    where: { id: blastId },
    select: { recipientCount: true, sentCount: true, skippedCount: true, failedCount: true, cancelledCount: true },
  });
  if (counts.sentCount + counts.skippedCount + counts.failedCount + counts.cancelledCount < counts.recipientCount) return;
  // A blast paused after its last claims has nothing left to resume: it is complete too.
  const done = await tx.blast.updateMany({
    where: { id: blastId, status: { in: ["SENDING", "PAUSED"] } },
    data: { status: "COMPLETED", completedAt: new Date(), pausedAt: null, pausedFrom: null },
  });
  const blast = await tx.blast.findUniqueOrThrow({ where: { id: blastId } });
  if (done.count === 0) {
    if (blast.status === "CANCELLED" && !blast.completedAt)
      await tx.blast.update({ where: { id: blastId }, data: { completedAt: new Date() } });
    return;
  }
  await logActivity(tx, {
    accountId,
    blastId,
    type: "blast.completed",
    detail: { sent: blast.sentCount, skipped: blast.skippedCount, failed: blast.failedCount, cancelled: blast.cancelledCount, round },
    dedupKey: `blast:${blastId}:${round}:completed`,
  });
}

/**
 * After a cancel: every delivery still PENDING becomes CANCELLED, refunded in one ledger entry, each
 * with its Activity row, in one statement (no per-row round trips for a 100,000-recipient blast).
 * Deliveries already being sent (SENDING) finish and settle themselves.
 */
export async function cancelPendingDeliveries(db: Db, ref: { accountId: string; blastId: string }): Promise<number> {
  return db.$transaction(
    async (tx) => {
      const blast = await tx.blast.findFirst({ where: { id: ref.blastId, accountId: ref.accountId } });
      if (!blast || blast.status !== "CANCELLED") return 0;
      const [{ n }] = await tx.$queryRaw<{ n: number }[]>`
      WITH c AS (
        UPDATE "Delivery" SET "status" = 'CANCELLED', "reason" = 'blast cancelled', "settledAt" = now(), "updatedAt" = now()
        WHERE "blastId" = ${blast.id} AND "status" = 'PENDING'
        RETURNING "id", "customerId", "accountId", "email"
      ), a AS (
        INSERT INTO "Activity" ("id", "accountId", "type", "customerId", "blastId", "detail", "dedupKey", "at")
        SELECT gen_random_uuid()::text, c."accountId", 'delivery.cancelled', c."customerId", ${blast.id},
               jsonb_build_object('reason', 'blast cancelled', 'email', c."email"), ${deliverySettledKeySql('c."id"', blast.retryRound)}, now()
        FROM c ON CONFLICT ("dedupKey") DO NOTHING
      )
      SELECT count(*)::int AS n FROM c`;
      if (n > 0) {
        await tx.blast.update({ where: { id: blast.id }, data: { cancelledCount: { increment: n } } });
        await addCreditEntry(tx, {
          accountId: blast.accountId,
          delta: n,
          reason: `Refund: blast cancelled (${n} not sent)`,
          blastId: blast.id,
        });
      }
      await completeIfSettled(tx, blast.id, blast.accountId, blast.retryRound);
      return n;
    },
    { timeout: 120_000 },
  );
}
