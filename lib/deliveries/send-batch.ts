import type { Db } from "@/lib/db";
import { composeBatchEmails, type ComposeSettings } from "./compose-delivery-email";
import { decideOnBatch } from "./send-decision";
import { failBatch, settleBatch } from "./settle-batch";
import type { ProviderDoor } from "./provider-door";

export type BatchStep =
  | { done: true; sent: number; failed: number }
  /** The provider asked us to wait (429): send the same batch again after `seconds`, through the gate. */
  | { done: false; wait: number; reason: string }
  /** Transient trouble (5xx, time-out): send the same batch again after `seconds`, through the gate. */
  | { done: false; retry: number; reason: string };

/** Idempotency-Key of a batch: the same on every attempt of this batch, used by no other set of emails. */
export const batchIdempotencyKey = (batchId: string) => `blast-batch-${batchId}`;

/**
 * One provider request for a claimed batch, and its recording: compose its emails (fixed by the claim),
 * send them in one request under the batch's key, then record every email's answer set-based. A replay
 * after a crash sends the same bytes under the same key, so the provider answers with the first request's
 * ids instead of sending again. Every request, a retry too, passes the provider-wide pacing gate
 * (provider-pace.ts) right before it leaves, with the booking made before the claim if it has one; the
 * gate and the request are the provider door's (provider-door.ts: inline, or a thread of the worker's).
 * Only a definite answer settles: transient trouble comes back as "retry" until `maxAttempts` requests
 * have met it.
 */
export async function sendBatch(
  deps: { db: Db; door: ProviderDoor; compose: ComposeSettings },
  batchId: string,
  limits: { maxAttempts: number; requestsPerSecond: number },
  /** The booking this batch holds at the pacing gate (the database clock's epoch ms), made before its claim. */
  booking: number | null = null,
): Promise<BatchStep> {
  const { db } = deps;
  const batch = await db.providerBatch.findUnique({ where: { id: batchId } });
  if (!batch || batch.status !== "SENDING") return { done: true, sent: 0, failed: 0 };
  const items = await composeBatchEmails(db, batchId, deps.compose);
  if (items.length === 0) return settleBatch(db, batchId, []).then((r) => ({ done: true, ...r }));

  const decision = decideOnBatch(
    await deps.door({
      emails: items.map((i) => i.email),
      idempotencyKey: batchIdempotencyKey(batchId),
      booking,
      requestsPerSecond: limits.requestsPerSecond,
    }),
  );
  switch (decision.action) {
    case "record": {
      const out = await settleBatch(
        db,
        batchId,
        decision.results.map((r, i) =>
          "id" in r ? { deliveryId: items[i].deliveryId, providerMessageId: r.id } : { deliveryId: items[i].deliveryId, error: r.error },
        ),
      );
      return { done: true, ...out };
    }
    case "wait":
      return { done: false, wait: decision.seconds, reason: decision.reason };
    case "retry": {
      const { attempts } = await db.providerBatch.update({
        where: { id: batchId },
        data: { attempts: { increment: 1 }, lastError: decision.reason },
      });
      if (attempts >= limits.maxAttempts) return { done: true, ...(await failBatch(db, batchId, decision.reason)) };
      return { done: false, retry: Math.min(60, 2 ** attempts), reason: decision.reason };
    }
    case "fail":
      return { done: true, ...(await failBatch(db, batchId, decision.reason)) };
  }
}
