import { inngest } from "@/inngest/client";
import { providerBatchRequested } from "@/inngest/events";
import { runtime } from "@/inngest/runtime";
import { sendingLimits } from "@/lib/sending-limits";
import { claimBatch } from "@/lib/deliveries/claim-batch";
import { claimAtSlot } from "@/lib/deliveries/claim-at-slot";
import { sendBatch } from "@/lib/deliveries/send-batch";

const limits = sendingLimits();
/** 429 waits and transient retries of one batch, each a new turn through the gate. */
const MAX_TURNS = 200;
/**
 * The one door to the mail provider: each run is a turn that claims the next batch (urgent blasts'
 * recipients first, by design rather than by an engine's queue order) and sends it in one request to
 * Resend's batch endpoint. The provider-wide limit is counted in requests, as Resend counts them: every
 * request — first attempts and retries alike, from every worker process — first takes a slot at the
 * pacing gate in the database (lib/deliveries/provider-pace.ts), which keeps each sliding second at or
 * under PROVIDER_REQUESTS_PER_SECOND; PROVIDER_CONCURRENCY caps the requests in flight. There is no
 * engine throttle on purpose: a turn that finds the queue already taken would spend a throttle slot, a
 * provider request that never happens, and a retry would wait behind every such turn.
 * A 429 or transient failure does not retry in place: the run waits, then asks for a new turn for the
 * same batch, whose request passes the same gate.
 */
export const providerBatchSender = inngest.createFunction(
  {
    id: "provider-batch-sender",
    triggers: [providerBatchRequested],
    concurrency: { limit: limits.PROVIDER_CONCURRENCY },
    priority: { run: "event.data.urgent ? 120 : 0" },
    retries: 4,
    onFailure: async ({ event }) => {
      // Steps kept failing (database down, worker crashing). The batch's fate at the provider is unknown,
      // so it is neither failed nor refunded: it gets a new turn, and its idempotency key makes a resend
      // of an accepted request a no-op. A batch id is the run id of the turn that claimed it.
      const data = event.data.event.data;
      const attempt = (data.attempt ?? 0) + 1;
      if (attempt > MAX_TURNS) return;
      const batchId = data.batchId ?? event.data.run_id;
      await inngest.send({
        id: `batch-rescue-${batchId}-${attempt}`,
        name: "provider/batch.requested",
        data: { batchId, urgent: data.urgent, attempt },
      });
    },
  },
  async ({ event, step, runId }) => {
    const { urgent, attempt = 0 } = event.data;
    // Claim and send in one step: a second step would put an engine round trip between the slot the
    // claim was timed for and the request, and every millisecond a request leaves late is lost from the
    // provider's limit for good (the requests after it are spaced from where it really went). The claim
    // is idempotent per batch id, so a retried step finds the batch it claimed and sends it again under
    // the same key. A named batch (a retry or rescue turn) is returned as it was claimed; a rescued turn
    // whose claim never committed finds none under that id and claims afresh under it, so queued work is
    // never orphaned.
    const result = await step.run("send", async () => {
      const { db, door, compose } = await runtime();
      const { batchId, booking } = event.data.batchId
        ? { batchId: (await claimBatch(db, event.data.batchId, limits.PROVIDER_BATCH_SIZE))?.batchId ?? null, booking: null }
        : await claimAtSlot(db, runId, { batchSize: limits.PROVIDER_BATCH_SIZE, requestsPerSecond: limits.PROVIDER_REQUESTS_PER_SECOND });
      if (!batchId) return { batchId: null };
      const sent = await sendBatch(
        { db, door, compose },
        batchId,
        { maxAttempts: limits.SEND_RETRIES + 1, requestsPerSecond: limits.PROVIDER_REQUESTS_PER_SECOND },
        booking,
      );
      return { batchId, ...sent };
    });
    if (!("done" in result)) return { batchId: null };
    const { batchId } = result;
    if (result.done) return result;
    if (attempt + 1 > MAX_TURNS) throw new Error(`the provider kept refusing this batch after ${MAX_TURNS} turns: ${result.reason}`);
    await step.sleep("back-off", `${"wait" in result ? result.wait : result.retry}s`);
    await step.sendEvent("again", { name: "provider/batch.requested", data: { batchId, urgent, attempt: attempt + 1 } });
    return { batchId, again: attempt + 1, reason: result.reason };
  },
);
