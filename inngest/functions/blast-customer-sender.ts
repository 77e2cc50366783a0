import { inngest } from "@/inngest/client";
import { blastCancelled, blastCustomerRequested } from "@/inngest/events";
import { runtime } from "@/inngest/runtime";
import { sendingLimits } from "@/lib/sending-limits";
import { checkRecipient } from "@/lib/deliveries/check-recipient";
import { queueForProvider } from "@/lib/deliveries/queue-for-provider";
import { settleDelivery } from "@/lib/deliveries/settle-delivery";
import { coalescedSend } from "@/inngest/coalesced-send";

const limits = sendingLimits();

/** "delivery/ready" events of the runs finishing within 20 ms leave in one request to the engine. */
const announceReady = coalescedSend(
  (events: { name: "delivery/ready"; data: { deliveryId: string; accountId: string; urgent: boolean } }[]) => inngest.send(events),
  {
    windowMs: 20,
    maxEvents: 1_000,
  },
);

/**
 * Per agency, and per lane within it: an urgent blast's recipients get a concurrency and throttle queue of
 * their own, so they are never behind the agency's normal blast in an engine's queue — on the real server
 * a queue's order only shifts by a priority's offset, which minutes of backlog outgrow.
 */
const LANE = 'event.data.accountId + (event.data.urgent ? ":urgent" : "")';

/**
 * The per-customer worker: one run per recipient of a blast, and the whole of a send to one customer.
 * It decides whether this customer gets the email (active, not opted out, address valid and unbounced)
 * and, if so, queues the delivery for the provider; the provider-batch functions send it with up to 99
 * others in one request. A run is one request from the engine and one event (sent along with the events
 * of the runs finishing at the same moment), and its state stays a few hundred bytes (no rendered HTML). Concurrency and throttle
 * are keyed by agency so one agency's 100,000-customer blast cannot starve another's; urgent blasts have
 * their own lane and jump the queue; a cancelled blast's runs that have not run yet are dropped.
 */
export const blastCustomerSender = inngest.createFunction(
  {
    id: "blast-customer-sender",
    triggers: [blastCustomerRequested],
    concurrency: { limit: limits.SEND_CONCURRENCY_PER_ACCOUNT, key: LANE },
    throttle: { limit: limits.SEND_THROTTLE_PER_ACCOUNT_PER_MINUTE, period: "1m", key: LANE, burst: 10 },
    priority: { run: "event.data.urgent ? 120 : 0" },
    cancelOn: [{ event: blastCancelled, if: "async.data.blastId == event.data.blastId" }],
    retries: 4,
    onFailure: async ({ event, error }) => {
      const { db } = await runtime();
      const data = event.data.event.data;
      // Only a delivery not yet claimed: a claimed one (SENDING) is its batch's to settle.
      await settleDelivery(db, { accountId: data.accountId, deliveryId: data.deliveryId }, { status: "FAILED", reason: error.message }, [
        "PENDING",
      ]);
    },
  },
  // No step tools on purpose: the run is one step — one request from the engine, no checkpoint calls,
  // no step state. A retry runs it again, which is safe: the check finds a queued delivery still PENDING
  // (queueing again adds nothing) and a claimed one SENDING (nothing to do); a second "delivery/ready"
  // only makes a turn that finds the queue already taken.
  async ({ event }) => {
    const { accountId, deliveryId, urgent } = event.data;
    const { db, verification } = await runtime();
    const check = await checkRecipient(db, { accountId, deliveryId }, verification);
    if (!check.proceed) return check;
    await queueForProvider(db, deliveryId, urgent);
    await announceReady({ name: "delivery/ready", data: { deliveryId, accountId, urgent } });
    return { queued: true };
  },
);
