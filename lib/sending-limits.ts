import { z } from "zod";

/**
 * The sending limits, read on their own (not through getEnv) because the Inngest functions' flow
 * control is fixed when the functions are defined — at import, also during `next build`, where the
 * secrets getEnv requires are absent. Each limit and what it protects is in the README.
 */
/** The limits' fields, also part of the whole configuration (lib/env.ts): defined once, here. */
export const sendingLimitsShape = {
  SEND_CONCURRENCY_PER_ACCOUNT: z.coerce.number().int().positive().default(10),
  SEND_THROTTLE_PER_ACCOUNT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  PROVIDER_CONCURRENCY: z.coerce.number().int().positive().default(20),
  PROVIDER_RATE_PER_SECOND: z.coerce.number().int().positive().default(10),
  SEND_RETRIES: z.coerce.number().int().min(0).max(20).default(8),
};
const schema = z.object(sendingLimitsShape);

export type SendingLimits = z.infer<typeof schema>;

export function sendingLimits(env: Record<string, string | undefined> = process.env): SendingLimits {
  return schema.parse(env);
}
