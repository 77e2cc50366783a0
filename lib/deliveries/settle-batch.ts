import { deliverySettledKeySql } from "@/lib/activity/dedup-keys";
import type { Db, Tx } from "@/lib/db";
import { addCreditEntry } from "@/lib/credits/grant-credit";
import { completeIfSettled } from "./settle-delivery";
import { readableFailure } from "./failure-reason";

/** The provider's answer for one email of a batch: its message id, or why it refused that email alone. */
export type BatchResult = { deliveryId: string; providerMessageId: string } | { deliveryId: string; error: string };

type Settled = { blastId: string; accountId: string; round: number; sent: number; failed: number };

/**
 * Records a whole batch in one transaction and a handful of statements, whatever its size: every
 * claimed (SENDING) delivery of the batch becomes SENT or FAILED with its Activity row, each blast it
 * touched moves its counters once, failures are refunded in one ledger entry per blast, and a blast whose
 * counters now cover all its recipients completes. Replaying it changes nothing: only SENDING rows of
 * this batch match.
 */
export async function settleBatch(db: Db, batchId: string, results: BatchResult[]): Promise<{ sent: number; failed: number }> {
  const rows = results.map((r) =>
    "error" in r
      ? { id: r.deliveryId, pmid: null, reason: readableFailure(r.error) }
      : { id: r.deliveryId, pmid: r.providerMessageId, reason: null },
  );
  return db.$transaction(
    async (tx) => {
      const groups = await tx.$queryRaw<Settled[]>`
      WITH r AS (
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(id text, pmid text, reason text)
      ), u AS (
        UPDATE "Delivery" d SET
          "status" = (CASE WHEN r.pmid IS NULL THEN 'FAILED' ELSE 'SENT' END)::"DeliveryStatus",
          "providerMessageId" = r.pmid, "reason" = r.reason, "settledAt" = now(), "updatedAt" = now(),
          "sentAt" = CASE WHEN r.pmid IS NULL THEN NULL ELSE now() END
        FROM r WHERE d."id" = r.id AND d."batchId" = ${batchId} AND d."status" = 'SENDING'
        RETURNING d."id", d."blastId", d."accountId", d."customerId", d."email", d."status", d."providerMessageId", d."reason"
      ), a AS (
        INSERT INTO "Activity" ("id", "accountId", "type", "customerId", "blastId", "detail", "dedupKey", "at")
        SELECT gen_random_uuid()::text, u."accountId", CASE WHEN u."status" = 'SENT' THEN 'delivery.sent' ELSE 'delivery.failed' END,
               u."customerId", u."blastId",
               jsonb_build_object('reason', u."reason", 'providerMessageId', u."providerMessageId", 'email', u."email"),
               ${deliverySettledKeySql('u."id"', { column: 'b."retryRound"' })}, now()
        FROM u JOIN "Blast" b ON b."id" = u."blastId"
        ON CONFLICT ("dedupKey") DO NOTHING
      )
      SELECT u."blastId", u."accountId", b."retryRound" AS round,
             (count(*) FILTER (WHERE u."status" = 'SENT'))::int AS sent, (count(*) FILTER (WHERE u."status" = 'FAILED'))::int AS failed
      FROM u JOIN "Blast" b ON b."id" = u."blastId" GROUP BY u."blastId", u."accountId", b."retryRound"`;
      for (const g of groups) await settleBlastCounters(tx, g);
      await tx.providerBatch.updateMany({
        where: { id: batchId, status: "SENDING" },
        data: { status: groups.some((g) => g.sent > 0) ? "SENT" : "FAILED", sentAt: new Date() },
      });
      return { sent: groups.reduce((n, g) => n + g.sent, 0), failed: groups.reduce((n, g) => n + g.failed, 0) };
    },
    { timeout: 60_000 },
  );
}

async function settleBlastCounters(tx: Tx, g: Settled): Promise<void> {
  // Counter first: it locks the blast row, so the completion check below sees every earlier settlement.
  await tx.blast.update({ where: { id: g.blastId }, data: { sentCount: { increment: g.sent }, failedCount: { increment: g.failed } } });
  if (g.failed > 0) {
    await addCreditEntry(tx, { accountId: g.accountId, delta: g.failed, reason: `Refund: failed (round ${g.round})`, blastId: g.blastId });
  }
  await completeIfSettled(tx, g.blastId, g.accountId, g.round);
}

/** Every email of a batch failed for the same reason (the provider refused the request, or retries ran out). */
export async function failBatch(db: Db, batchId: string, reason: string): Promise<{ sent: number; failed: number }> {
  const ids = await db.delivery.findMany({ where: { batchId, status: "SENDING" }, select: { id: true } });
  return settleBatch(
    db,
    batchId,
    ids.map((d) => ({ deliveryId: d.id, error: reason })),
  );
}
