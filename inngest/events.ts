import { eventType } from "inngest";
import { z } from "zod";

/**
 * Every event Blast sends or handles, with its schema: the one place to read what flows between the
 * app and its background functions. Event ids are deterministic (see lib/blasts/event-ids.ts) so a
 * re-sent event never starts a second run.
 */
const id = z.string().min(1).max(64);

/** An agent asked for a blast (now or scheduled): starts the fan-out. */
export const blastRequested = eventType("blast/requested", {
  schema: z.object({ blastId: id, accountId: id }),
});

/** One recipient of a blast (or a direct send): starts the per-customer worker. */
export const blastCustomerRequested = eventType("blast/customer.requested", {
  schema: z.object({ blastId: id, accountId: id, customerId: id, deliveryId: id, urgent: z.boolean(), round: z.number().int().min(0) }),
});

/** Cancels the fan-out and every per-customer run of the blast not yet sent (cancelOn). */
export const blastCancelled = eventType("blast/cancelled", {
  schema: z.object({ blastId: id, accountId: id }),
});

/** An agent resumed a paused blast that had started sending: re-sends the events of its unsent recipients. */
export const blastResumed = eventType("blast/resumed", {
  schema: z.object({ blastId: id, accountId: id, resume: z.number().int().min(1) }),
});

/** An agent asked for a CSV of the activity history. */
export const activityExportRequested = eventType("activity/export.requested", {
  schema: z.object({ exportId: id, accountId: id }),
});

export const EVENT_NAMES = [blastRequested.name, blastCustomerRequested.name, blastCancelled.name, blastResumed.name, activityExportRequested.name] as const;
export type EventName = (typeof EVENT_NAMES)[number];
