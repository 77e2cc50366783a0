import { blastCustomerListSender } from "@/inngest/functions/blast-customer-list-sender";
import { blastCustomerSender } from "@/inngest/functions/blast-customer-sender";
import { providerBatchCollector } from "@/inngest/functions/provider-batch-collector";
import { providerBatchSender } from "@/inngest/functions/provider-batch-sender";
import { blastCancelledSettler } from "@/inngest/functions/blast-cancelled-settler";
import { outboxResender } from "@/inngest/functions/outbox-resender";
import { activityExport } from "@/inngest/functions/activity-export";
import { blastResumer } from "@/inngest/functions/blast-resumer";

/** Every function the app serves at /api/inngest. */
export const functions = [
  blastCustomerListSender,
  blastCustomerSender,
  providerBatchCollector,
  providerBatchSender,
  blastCancelledSettler,
  outboxResender,
  activityExport,
  blastResumer,
];
