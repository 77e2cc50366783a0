import { inngest } from "@/inngest/client";
import { blastCancelled, blastRequested } from "@/inngest/events";
import { runtime } from "@/inngest/runtime";
import { startBlast, type StartResult } from "@/lib/blasts/start-blast";
import { emitPendingDeliveries } from "@/inngest/emit-pending";
/** A scheduled blast may be moved; the run re-reads the time after each sleep, a bounded number of times. */
const MAX_WAITS = 10;

/**
 * The fan-out: one run per blast (request or retry round). Sleeps until a scheduled time, validates and
 * writes every delivery with its credit in one step (lib/blasts/start-blast.ts), then emits one event per
 * recipient in chunks. Step outputs stay tiny — counts and a cursor, never the recipient list.
 */
export const blastCustomerListSender = inngest.createFunction(
  {
    id: "blast-customer-list-sender",
    triggers: [blastRequested],
    cancelOn: [{ event: blastCancelled, if: "async.data.blastId == event.data.blastId" }],
    concurrency: { limit: 5 },
  },
  async ({ event, step }) => {
    const ref = { blastId: event.data.blastId, accountId: event.data.accountId };
    let start: StartResult = await step.run("start", async () => startBlast((await runtime()).db, ref));
    for (let i = 0; start.outcome === "wait" && i < MAX_WAITS; i++) {
      await step.sleepUntil(`wait-until-${start.until}`, new Date(start.until));
      start = await step.run(`start-after-${start.until}`, async () => startBlast((await runtime()).db, ref));
    }
    if (start.outcome !== "sending") return start;

    const { round, urgent } = start;
    const emitted = await emitPendingDeliveries(step, ref, { round, urgent });
    return { outcome: "sending", round, emitted };
  },
);
