import { inngest } from "@/inngest/client";
import { deliveryReady } from "@/inngest/events";
import { sendingLimits } from "@/lib/sending-limits";

const limits = sendingLimits();

/**
 * Turns queued recipients into turns at the provider: up to PROVIDER_BATCH_SIZE "delivery/ready" events,
 * or whatever arrived within a second, become one "provider/batch.requested". It holds no flow control
 * (Inngest's batching ignores concurrency keys and cannot be combined with priority or cancelOn), so the
 * per-agency limits stay on the per-customer worker and the provider-wide ones on the batch sender.
 * Which deliveries a turn sends is decided when it runs (urgent first), not by which events it gathered.
 */
export const providerBatchCollector = inngest.createFunction(
  {
    id: "provider-batch-collector",
    triggers: [deliveryReady],
    batchEvents: { maxSize: limits.PROVIDER_BATCH_SIZE, timeout: "1s" },
    retries: 4,
  },
  async ({ events, step }) => {
    const urgent = events.some((e) => e.data.urgent);
    await step.sendEvent("request-batch", { name: "provider/batch.requested", data: { urgent } });
    return { ready: events.length, urgent };
  },
);
