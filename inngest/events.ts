import { eventType } from "inngest";
import { CONTRACTS } from "@/lib/events/contracts";

/**
 * The Inngest side of the event contracts (lib/events/contracts.ts): one typed event a trigger. Event ids
 * are deterministic (see lib/blasts/event-ids.ts) so a re-sent event never starts a second run.
 */
export const blastRequested = eventType("blast/requested", { schema: CONTRACTS["blast/requested"] });
export const blastCustomerRequested = eventType("blast/customer.requested", { schema: CONTRACTS["blast/customer.requested"] });
export const deliveryReady = eventType("delivery/ready", { schema: CONTRACTS["delivery/ready"] });
export const providerBatchRequested = eventType("provider/batch.requested", { schema: CONTRACTS["provider/batch.requested"] });
export const blastCancelled = eventType("blast/cancelled", { schema: CONTRACTS["blast/cancelled"] });
export const blastResumed = eventType("blast/resumed", { schema: CONTRACTS["blast/resumed"] });
export const activityExportRequested = eventType("activity/export.requested", { schema: CONTRACTS["activity/export.requested"] });
