import { inngest } from "@/inngest/client";
import { blastCancelled, blastResumed } from "@/inngest/events";
import { runtime } from "@/inngest/runtime";
import { emitPendingDeliveries } from "@/inngest/emit-pending";
import { resumeTarget } from "@/lib/blasts/pause-blast";

/**
 * A paused blast that had started sending is resumed: re-send the per-customer events of exactly its
 * PENDING deliveries, under ids of this resume. The runs the pause stopped ended without claiming; any
 * still queued from before race these for the same delivery, and the claim lets one of them send.
 */
export const blastResumer = inngest.createFunction(
  {
    id: "blast-resumer",
    triggers: [blastResumed],
    cancelOn: [{ event: blastCancelled, if: "async.data.blastId == event.data.blastId" }],
    concurrency: { limit: 5 },
  },
  async ({ event, step }) => {
    const { blastId, accountId, resume } = event.data;
    const target = await step.run("load", async () => resumeTarget((await runtime()).db, { blastId, accountId }, resume));
    // Paused again (or cancelled) before this ran: the next resume sends.
    if (!target) return { outcome: "stopped" };
    const emitted = await emitPendingDeliveries(step, { blastId, accountId }, { ...target, resume });
    return { outcome: "resumed", emitted };
  },
);
