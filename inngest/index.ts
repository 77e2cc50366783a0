import { blastCustomerListSender } from "@/inngest/functions/blast-customer-list-sender";
import { blastCustomerSender } from "@/inngest/functions/blast-customer-sender";
import { providerEmailSender } from "@/inngest/functions/provider-email-sender";
import { blastCancelledSettler } from "@/inngest/functions/blast-cancelled-settler";
import { outboxResender } from "@/inngest/functions/outbox-resender";
import { activityExport } from "@/inngest/functions/activity-export";
import { blastResumer } from "@/inngest/functions/blast-resumer";

/** Every function the app serves at /api/inngest. */
export const functions = [
  blastCustomerListSender,
  blastCustomerSender,
  providerEmailSender,
  blastCancelledSettler,
  outboxResender,
  activityExport,
  blastResumer,
];
