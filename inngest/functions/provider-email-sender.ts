import { invoke, NonRetriableError } from "inngest";
import { z } from "zod";
import { inngest } from "@/inngest/client";
import { runtime } from "@/inngest/runtime";
import { sendingLimits } from "@/lib/sending-limits";
import { claimDelivery } from "@/lib/deliveries/claim-delivery";
import { decideOnSend } from "@/lib/deliveries/send-decision";
import { settleDelivery } from "@/lib/deliveries/settle-delivery";

const limits = sendingLimits();
/** Each wait is two steps; Inngest allows 1,000 steps per run. */
const MAX_RATE_LIMIT_WAITS = 200;

const emailSchema = z.object({
  to: z.string(),
  from: z.string().optional(),
  replyTo: z.string().optional(),
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  headers: z.record(z.string(), z.string()).optional(),
  tags: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
});

export const sendToProviderSchema = z.object({
  accountId: z.string(),
  deliveryId: z.string(),
  idempotencyKey: z.string(),
  urgent: z.boolean(),
  email: emailSchema,
});

/**
 * The one door to the mail provider, invoked by blast-customer-sender for each email. Its throttle and
 * concurrency have no key: they are provider-wide, so the sum over all agencies never exceeds the rate
 * the provider allows (per-agency limits live on the caller). Claim → send → record are its steps: once
 * it has claimed a delivery it always finishes it, even if the caller's run is cancelled meanwhile.
 */
export const providerEmailSender = inngest.createFunction(
  {
    id: "provider-email-sender",
    triggers: [invoke(sendToProviderSchema)],
    throttle: { limit: limits.PROVIDER_RATE_PER_SECOND, period: "1s", burst: 1 },
    concurrency: { limit: limits.PROVIDER_CONCURRENCY },
    priority: { run: "event.data.urgent ? 120 : 0" },
    retries: limits.SEND_RETRIES as 8,
    onFailure: async ({ event, error }) => {
      const data = event.data.event.data as z.infer<typeof sendToProviderSchema>;
      const { db } = await runtime();
      await settleDelivery(db, data, { status: "FAILED", reason: error.message });
    },
  },
  async ({ event, step }) => {
    const { accountId, deliveryId, idempotencyKey, email } = event.data;
    const ref = { accountId, deliveryId };
    const claim = await step.run("claim", async () => claimDelivery((await runtime()).db, ref));
    if (claim === "settled") return { status: "not-sent", reason: "delivery already settled or cancelled" };
    if (claim === "paused") return { status: "not-sent", reason: "blast paused: the delivery waits for the resume" };

    // A 429 is the provider asking us to wait, not a failure: the run sleeps (holding no concurrency
    // slot) and sends again, without spending one of the retries that transient errors use.
    let providerMessageId: string | null = null;
    for (let attempt = 0; providerMessageId === null; attempt++) {
      const result = await step.run(attempt === 0 ? "send" : `send-again-${attempt}`, async () => {
        const decision = decideOnSend(await (await runtime()).mailer.send(email, { idempotencyKey }));
        if (decision.action === "retry") throw new Error(decision.reason);
        if (decision.action === "fail") throw new NonRetriableError(decision.reason);
        return decision.action === "wait" ? { waitSeconds: decision.seconds } : { id: decision.providerMessageId };
      });
      if ("id" in result) providerMessageId = result.id;
      else if (attempt >= MAX_RATE_LIMIT_WAITS) throw new NonRetriableError(`provider still rate-limiting after ${attempt} waits`);
      else await step.sleep(`rate-limited-${attempt}`, `${result.waitSeconds}s`);
    }

    await step.run("record", async () => settleDelivery((await runtime()).db, ref, { status: "SENT", providerMessageId }));
    return { status: "sent", providerMessageId };
  },
);
