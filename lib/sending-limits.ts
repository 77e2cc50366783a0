import { z } from "zod";

/**
 * The sending limits, read on their own (not through getEnv) because the Inngest functions' flow
 * control is fixed when the functions are defined — at import, also during `next build`, where the
 * secrets getEnv requires are absent. Each limit and what it protects is in the README.
 */
/** The limits' fields, also part of the whole configuration (lib/env.ts): defined once, here. */
export const sendingLimitsShape = {
  /** Per agency and lane (urgent blasts have a lane of their own): recipients checked at once. */
  SEND_CONCURRENCY_PER_ACCOUNT: z.coerce.number().int().positive().default(10),
  /** Per agency and lane: recipients checked per minute — how fast one agency can fill the provider queue. */
  SEND_THROTTLE_PER_ACCOUNT_PER_MINUTE: z.coerce.number().int().positive().default(30_000),
  /** Provider-wide, all agencies: requests in flight at once. */
  PROVIDER_CONCURRENCY: z.coerce.number().int().positive().default(5),
  /** Provider-wide, all agencies: requests per second, as Resend counts them (a batch of 100 is one). */
  PROVIDER_REQUESTS_PER_SECOND: z.coerce.number().int().positive().default(5),
  /** Emails per provider request (Resend's batch endpoint takes at most 100). */
  PROVIDER_BATCH_SIZE: z.coerce.number().int().min(1).max(100).default(100),
  /** Attempts of a batch that met transient provider trouble (5xx, time-outs) before it counts as failed. */
  SEND_RETRIES: z.coerce.number().int().min(0).max(20).default(8),
};
const schema = z.object(sendingLimitsShape);

export type SendingLimits = z.infer<typeof schema>;

export function sendingLimits(env: Record<string, string | undefined> = process.env): SendingLimits {
  return schema.parse(env);
}

/** What the limits allow at most, in emails per second, for the settings page and the README. */
export function providerEmailsPerSecond(limits: Pick<SendingLimits, "PROVIDER_REQUESTS_PER_SECOND" | "PROVIDER_BATCH_SIZE">): number {
  return limits.PROVIDER_REQUESTS_PER_SECOND * limits.PROVIDER_BATCH_SIZE;
}
