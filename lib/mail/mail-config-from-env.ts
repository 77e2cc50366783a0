import type { MailConfig } from "./mail-types";

export const RESEND_PUBLIC_API = "https://api.resend.com";
export const DEFAULT_MAIL_FROM = "Blast <notifications@blast.localhost>";

/**
 * The one place that reads mail settings from the environment. Without RESEND_API_KEY the local sink
 * accepts any key, so a placeholder is used when RESEND_BASE_URL points somewhere other than Resend.
 */
export function mailConfigFromEnv(env: Record<string, string | undefined> = process.env): MailConfig {
  const baseUrl = (env.RESEND_BASE_URL || RESEND_PUBLIC_API).replace(/\/$/, "");
  let apiKey = env.RESEND_API_KEY;
  if (!apiKey) {
    if (baseUrl === RESEND_PUBLIC_API)
      throw new Error("RESEND_API_KEY is required to send through Resend (or set RESEND_BASE_URL to the local sink)");
    apiKey = "re_local_sink";
  }
  const timeoutMs = env.RESEND_TIMEOUT_MS ? Number(env.RESEND_TIMEOUT_MS) : undefined;
  return { apiKey, baseUrl, from: env.MAIL_FROM || DEFAULT_MAIL_FROM, timeoutMs: Number.isFinite(timeoutMs) ? timeoutMs : undefined };
}
