import type { Db, Tx } from "@/lib/db";

export type ClaimedBatch = { batchId: string; size: number; urgent: boolean };

/**
 * Takes up to `size` deliveries off the provider queue — urgent blasts' first, then the oldest — and
 * claims them (PENDING → SENDING) as one provider batch, fixed from here on: its emails are exactly the
 * deliveries pointing at it, so every attempt sends the same set under the same idempotency key.
 *
 * A delivery is claimed only while its blast is SENDING: once an agent cancels or pauses, nothing more
 * is claimed, even before the cancel's settler has reached it. Queue rows that can no longer be claimed
 * (paused, cancelled, settled) are dropped on the way — a resume queues its deliveries again — and the
 * claim keeps taking until the batch is full or the queue is empty, so no request goes out half empty
 * while work waits. SKIP LOCKED lets several workers claim side by side without waiting on each other.
 *
 * Idempotent per batch id (the sender's run id): a retried step returns the batch it made.
 */
export async function claimBatch(db: Db, batchId: string, size: number): Promise<ClaimedBatch | null> {
  return db.$transaction(async (tx) => {
    const existing = await tx.providerBatch.findUnique({ where: { id: batchId } });
    if (existing) return { batchId, size: existing.size, urgent: existing.urgent };
    await tx.providerBatch.create({ data: { id: batchId, size: 0 } });
    let claimed = 0;
    let urgent = false;
    for (let round = 0; claimed < size && round < 20; round++) {
      const step = await claimFromQueue(tx, batchId, size - claimed);
      claimed += step.claimed;
      urgent ||= step.urgent;
      if (step.picked === 0) break;
    }
    if (claimed === 0) {
      await tx.providerBatch.delete({ where: { id: batchId } });
      return null;
    }
    await tx.providerBatch.update({ where: { id: batchId }, data: { size: claimed, urgent } });
    return { batchId, size: claimed, urgent };
  });
}

async function claimFromQueue(tx: Tx, batchId: string, limit: number): Promise<{ picked: number; claimed: number; urgent: boolean }> {
  const [row] = await tx.$queryRaw<{ picked: number; claimed: number; urgent: boolean | null }[]>`
    WITH picked AS (
      DELETE FROM "SendQueue" WHERE "deliveryId" IN (
        SELECT "deliveryId" FROM "SendQueue" ORDER BY "urgent" DESC, "readyAt", "deliveryId" LIMIT ${limit} FOR UPDATE SKIP LOCKED
      ) RETURNING "deliveryId", "urgent"
    ), claimed AS (
      UPDATE "Delivery" d SET "status" = 'SENDING', "batchId" = ${batchId}, "attempts" = d."attempts" + 1, "updatedAt" = now()
      FROM picked p, "Blast" b
      WHERE d."id" = p."deliveryId" AND d."status" = 'PENDING' AND b."id" = d."blastId" AND b."status" = 'SENDING'
      RETURNING d."id", p."urgent"
    )
    SELECT (SELECT count(*) FROM picked)::int AS picked, (SELECT count(*) FROM claimed)::int AS claimed,
           (SELECT bool_or("urgent") FROM claimed) AS urgent`;
  return { picked: row.picked, claimed: row.claimed, urgent: row.urgent === true };
}

/** The batch claimed under this id, if any (a replayed step finds the batch it made). */
export async function claimedBatch(db: Db, batchId: string): Promise<ClaimedBatch | null> {
  const b = await db.providerBatch.findUnique({ where: { id: batchId } });
  return b && { batchId, size: b.size, urgent: b.urgent };
}

/**
 * Whether a batch is worth a provider request yet: 0 — claim now (a full batch is queued, or the oldest
 * recipient has waited fillMs); null — nothing queued; otherwise the milliseconds until the oldest has.
 * A request carries up to 100 emails and the provider counts requests, so half-empty requests would
 * halve the rate its limit allows.
 */
export async function batchWorthClaiming(db: Db, size: number, fillMs: number): Promise<number | null> {
  const [row] = await db.$queryRaw<{ n: number; age: number | null }[]>`
    SELECT count(*)::int AS n, (extract(epoch from (clock_timestamp() - min("readyAt"))) * 1000)::float8 AS age
    FROM (SELECT "readyAt" FROM "SendQueue" LIMIT ${size}) q`;
  if (row.n === 0) return null;
  if (row.n >= size || row.age === null || row.age >= fillMs) return 0;
  return Math.ceil(fillMs - row.age);
}
