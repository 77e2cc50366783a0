import { inngest } from "@/inngest/client";
import { blastCancelled } from "@/inngest/events";
import { runtime } from "@/inngest/runtime";
import { cancelPendingDeliveries } from "@/lib/deliveries/settle-delivery";

/** After a cancel, settles every delivery not yet being sent as CANCELLED, refunded, in one statement. */
export const blastCancelledSettler = inngest.createFunction(
  { id: "blast-cancelled-settler", triggers: [blastCancelled] },
  async ({ event, step }) => {
    const cancelled = await step.run("cancel-pending", async () => cancelPendingDeliveries((await runtime()).db, event.data));
    return { cancelled };
  },
);
