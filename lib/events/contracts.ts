import { z } from "zod";

/**
 * The event contracts: every event Blast sends, its name and the shape of its data. They live in the
 * domain core so producers in lib/ are type-checked against them (enqueueEvent takes only these), the
 * Inngest functions are triggered by them (inngest/events.ts), and `npm run contracts` publishes them
 * as JSON Schema (docs/contracts/) for a worker written in another language.
 */
const id = z.string().min(1).max(64);

export const CONTRACTS = {
  /** An agent asked for a blast (now, scheduled, a retry round, or a resume before its fan-out ran): starts the fan-out. */
  "blast/requested": z.object({ blastId: id, accountId: id }),
  /** One recipient of a blast (or a direct send): starts the per-customer worker. */
  "blast/customer.requested": z.object({
    blastId: id,
    accountId: id,
    customerId: id,
    deliveryId: id,
    urgent: z.boolean(),
    round: z.number().int().min(0),
  }),
  /** A checked recipient joined the provider queue (lib/deliveries/queue-for-provider.ts): gathered 100 at a time into batch requests. */
  "delivery/ready": z.object({ deliveryId: id, accountId: id, urgent: z.boolean() }),
  /**
   * A turn at the provider: claim the next batch from the queue (urgent first) and send it — or, with a
   * batchId, send that batch again after a 429 or a transient failure, through the same pacing gate.
   */
  "provider/batch.requested": z.object({ urgent: z.boolean(), batchId: id.optional(), attempt: z.number().int().min(0).optional() }),
  /** Cancels the fan-out and every per-customer run of the blast not yet sent (cancelOn). */
  "blast/cancelled": z.object({ blastId: id, accountId: id }),
  /** A paused blast that had started sending was resumed: re-send the events of its unsent recipients. */
  "blast/resumed": z.object({ blastId: id, accountId: id, resume: z.number().int().min(1) }),
  /** An agent asked for a CSV of the activity history. */
  "activity/export.requested": z.object({ exportId: id, accountId: id }),
} as const;

export type EventName = keyof typeof CONTRACTS;
export const EVENT_NAMES = Object.keys(CONTRACTS) as EventName[];

/** An event as produced: a deterministic id (lib/blasts/event-ids.ts), a name and its data. */
export type OutgoingEvent = {
  [N in EventName]: { id: string; name: N; data: z.infer<(typeof CONTRACTS)[N]> };
}[EventName];
