import { inngest } from "@/inngest/client";
import { blastCancelled, blastCustomerRequested } from "@/inngest/events";
import { runtime } from "@/inngest/runtime";
import { sendingLimits } from "@/lib/sending-limits";
import { checkRecipient } from "@/lib/deliveries/check-recipient";
import { composeDeliveryEmail } from "@/lib/deliveries/compose-delivery-email";
import { settleDelivery } from "@/lib/deliveries/settle-delivery";
import { sendIdempotencyKey } from "@/lib/blasts/event-ids";
import { providerEmailSender } from "@/inngest/functions/provider-email-sender";

const limits = sendingLimits();

/**
 * The per-customer worker: one run per recipient of a blast, and the whole of a send to one customer.
 * check → render → send (through provider-email-sender, which claims, sends and records). Each step is
 * retried on its own, so a provider failure never re-renders or re-checks. Concurrency and throttle are
 * keyed by agency so one agency's 100,000-customer blast cannot starve another's; urgent blasts jump
 * the queue; a cancelled blast's runs that have not started sending are dropped.
 */
export const blastCustomerSender = inngest.createFunction(
  {
    id: "blast-customer-sender",
    triggers: [blastCustomerRequested],
    concurrency: { limit: limits.SEND_CONCURRENCY_PER_ACCOUNT, key: "event.data.accountId" },
    throttle: { limit: limits.SEND_THROTTLE_PER_ACCOUNT_PER_MINUTE, period: "1m", key: "event.data.accountId", burst: 10 },
    priority: { run: "event.data.urgent ? 120 : 0" },
    cancelOn: [{ event: blastCancelled, if: "async.data.blastId == event.data.blastId" }],
    retries: 4,
    onFailure: async ({ event, error }) => {
      const { db } = await runtime();
      const data = event.data.event.data;
      // A claimed delivery (SENDING) is the provider sender's to settle: it may still be waiting out a
      // long rate limit past this run's invoke timeout, and will record SENT (or FAILED) itself. Failing it
      // here refunded an email that later went out, and "retry failed" then sent it twice.
      await settleDelivery(db, { accountId: data.accountId, deliveryId: data.deliveryId }, { status: "FAILED", reason: error.message }, [
        "PENDING",
      ]);
    },
  },
  async ({ event, step }) => {
    const { accountId, deliveryId, blastId, customerId, urgent, round } = event.data;
    const ref = { accountId, deliveryId };

    const check = await step.run("check", async () => {
      const { db, verification } = await runtime();
      return checkRecipient(db, ref, verification);
    });
    if (!check.proceed) return check;

    const email = await step.run("render", async () => {
      const { db, compose } = await runtime();
      return composeDeliveryEmail(db, ref, compose);
    });
    if (!email) return { proceed: false, why: "not_found" };

    return step.invoke("send", {
      function: providerEmailSender,
      data: { accountId, deliveryId, idempotencyKey: sendIdempotencyKey(blastId, customerId, round), urgent, email },
      timeout: "1d",
    });
  },
);
