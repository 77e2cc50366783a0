/** Pure configuration of the mailer: no env reading here (see mail-config-from-env.ts). */
export type MailConfig = {
  apiKey: string;
  /** Resend's API (https://api.resend.com) or the local sink (http://127.0.0.1:3025). */
  baseUrl: string;
  /** Default From when a message names none, e.g. `Blast <notifications@mail.example.com>`. */
  from: string;
  /** Per request; a timed-out send is "transient" and is retried under the same idempotency key. */
  timeoutMs?: number;
};

export type OutgoingEmail = {
  to: string;
  /** Overrides MailConfig.from; build it with formatFromAddress(). */
  from?: string;
  replyTo?: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
  tags?: { name: string; value: string }[];
};

/**
 * Every provider answer maps to exactly one of these, and each tells the caller what to do:
 * sent → record the id; rate_limited → wait retryAfterSeconds and send again (same key);
 * transient → retry later (same key); permanent → do not retry, record the failure.
 */
export type SendOutcome =
  | { kind: "sent"; id: string }
  | { kind: "rate_limited"; retryAfterSeconds: number; reason: string; code: string }
  | { kind: "transient"; reason: string; code: string; statusCode: number | null }
  | { kind: "permanent"; reason: string; code: string; statusCode: number | null };

/**
 * A batch request's answer. "sent": one result per message, in their order — the provider's id, or why
 * it refused that message alone (Resend's permissive validation), so one bad address never fails its 99
 * neighbours. Anything else concerns the whole request and means what it means for a single send.
 */
export type BatchItemResult = { id: string } | { error: string };
export type BatchOutcome = { kind: "sent"; results: BatchItemResult[] } | Exclude<SendOutcome, { kind: "sent" }>;

export const BATCH_LIMIT = 100;
