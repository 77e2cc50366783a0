import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db";
import { claimBatch } from "@/lib/deliveries/claim-batch";
import { queueForProvider } from "@/lib/deliveries/queue-for-provider";

/**
 * For tests on the database alone: what the pipeline does to one recipient between its check and the
 * provider call — queue it, then claim a batch of one. Returns the ids the claim took (this delivery's,
 * or none when it could not be claimed: paused, cancelled, settled). With several callers at once a claim
 * may take another caller's queued delivery, as batches do; callers use the ids returned.
 */
export async function claimQueued(db: Db, ref: { deliveryId: string }): Promise<string[]> {
  await queueForProvider(db, ref.deliveryId, false);
  const batch = await claimBatch(db, `test-${randomUUID()}`, 1);
  if (!batch) return [];
  return (await db.delivery.findMany({ where: { batchId: batch.batchId }, select: { id: true } })).map((d) => d.id);
}
