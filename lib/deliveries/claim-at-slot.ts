import type { Db } from "@/lib/db";
import { batchWorthClaiming, claimBatch, claimedBatch } from "./claim-batch";
import { prismaPaceDb, releaseProviderSlot, reserveProviderSlot } from "./provider-pace";

/** A partial batch goes out once its oldest recipient has waited this long (a single direct send too). */
const FILL_MS = 1_000;
/**
 * How long before its slot a turn claims and composes its batch, so the request is ready when the slot
 * comes (the gate then holds it to the moment). A request that leaves late delays every request after it
 * by as much. Measured at 20,000 recipients, R = 2, while the worker also checked recipients: waking
 * (p50 75 ms late), the claim (p50 158 ms) and composing 100 emails (p50 84 ms) took a request past its
 * slot about half the time at 400 ms ahead, and almost never at 1 s. An urgent recipient queued
 * meanwhile waits at most this much longer for the next batch.
 */
const PREPARE_MS = 1_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * A fresh provider turn: waits (a second at most) until a batch is worth a request, takes its slot at the
 * pacing gate, and claims just before the slot — so the recipients it claims are the most urgent ones
 * queued at that moment, and no claimed batch waits at the gate while an urgent blast's recipients queue
 * behind it. Returns the batch and the booking its request is to use (none: nothing was queued; a
 * booking the claim did not need is given back). A replay (the same batch id) returns the batch it made,
 * without a booking: its request takes a new one.
 */
export async function claimAtSlot(
  db: Db,
  batchId: string,
  limits: { batchSize: number; requestsPerSecond: number },
): Promise<{ batchId: string | null; booking: number | null }> {
  if (await claimedBatch(db, batchId)) return { batchId, booking: null };
  for (let i = 0; ; i++) {
    const wait = await batchWorthClaiming(db, limits.batchSize, FILL_MS);
    if (wait === null) return { batchId: null, booking: null };
    if (wait === 0 || i >= 5) break;
    await sleep(wait);
  }
  const { waitMs, stamp } = await reserveProviderSlot(prismaPaceDb(db), limits.requestsPerSecond);
  await sleep(waitMs - PREPARE_MS);
  const claimed = await claimBatch(db, batchId, limits.batchSize);
  if (!claimed) await releaseProviderSlot(prismaPaceDb(db), stamp);
  return { batchId: claimed?.batchId ?? null, booking: claimed ? stamp : null };
}
