import { Resend, type CreateEmailOptions } from "resend";
import { classifyResendError } from "./classify-resend-error";
import { BATCH_LIMIT, type BatchItemResult, type BatchOutcome, type MailConfig, type OutgoingEmail, type SendOutcome } from "./mail-types";

export type Mailer = {
  /** One email. Pass the same idempotencyKey on every retry of the same logical send. */
  send(email: OutgoingEmail, opts: { idempotencyKey: string }): Promise<SendOutcome>;
  /** Up to 100 emails in one request; the provider may refuse single emails and take the rest. */
  sendBatch(emails: OutgoingEmail[], opts: { idempotencyKey: string }): Promise<BatchOutcome>;
};

const DEFAULT_TIMEOUT_MS = 30_000;

function toPayload(config: MailConfig, email: OutgoingEmail): CreateEmailOptions {
  return {
    from: email.from ?? config.from,
    to: email.to,
    replyTo: email.replyTo,
    subject: email.subject,
    html: email.html,
    text: email.text,
    headers: email.headers,
    tags: email.tags,
  };
}

/**
 * The only code that talks to Resend. It never throws for provider trouble and never retries by itself:
 * retrying is the job of the durable worker (Inngest), which can wait without holding a process.
 */
export function createMailer(config: MailConfig): Mailer {
  const client = new Resend(config.apiKey, { baseUrl: config.baseUrl.replace(/\/$/, "") });
  const signal = () => AbortSignal.timeout(config.timeoutMs ?? DEFAULT_TIMEOUT_MS);

  return {
    async send(email, { idempotencyKey }) {
      try {
        const { data, error, headers } = await client.emails.send(toPayload(config, email), { idempotencyKey, signal: signal() });
        if (error) return classifyResendError(error, headers);
        if (!data?.id) return { kind: "transient", reason: "provider answered without an email id", code: "no_id", statusCode: null };
        return { kind: "sent", id: data.id };
      } catch (err) {
        // The SDK converts fetch failures, but an abort/timeout can still surface as a throw.
        return { kind: "transient", reason: err instanceof Error ? err.message : String(err), code: "application_error", statusCode: null };
      }
    },

    async sendBatch(emails, { idempotencyKey }) {
      if (emails.length === 0) return { kind: "sent", results: [] };
      if (emails.length > BATCH_LIMIT) {
        return {
          kind: "permanent",
          reason: `a batch holds at most ${BATCH_LIMIT} emails (got ${emails.length})`,
          code: "validation_error",
          statusCode: null,
        };
      }
      try {
        const payload = emails.map((e) => toPayload(config, e));
        const { data, error, headers } = await client.batch.send(payload, {
          idempotencyKey,
          signal: signal(),
          batchValidation: "permissive",
        });
        if (error) return classifyResendError(error, headers);
        return matchBatchResults(emails.length, data?.data ?? [], data?.errors ?? []);
      } catch (err) {
        return { kind: "transient", reason: err instanceof Error ? err.message : String(err), code: "application_error", statusCode: null };
      }
    },
  };
}

/**
 * Lines the provider's answer up with the messages: `errors` name refused messages by index, and `data`
 * holds the ids of the accepted ones in message order. Any other shape is unexpected and retried whole.
 */
export function matchBatchResults(count: number, data: { id: string }[], errors: { index: number; message: string }[]): BatchOutcome {
  const refused = new Map(errors.map((e) => [e.index, e.message]));
  if (data.length + refused.size !== count || [...refused.keys()].some((i) => i < 0 || i >= count)) {
    return {
      kind: "transient",
      reason: `provider returned ${data.length} ids and ${refused.size} errors for ${count} emails`,
      code: "no_id",
      statusCode: null,
    };
  }
  const ids = data.values();
  const results: BatchItemResult[] = [];
  for (let i = 0; i < count; i++) results.push(refused.has(i) ? { error: refused.get(i)! } : { id: ids.next().value!.id });
  return { kind: "sent", results };
}
