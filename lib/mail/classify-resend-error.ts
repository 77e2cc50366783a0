import type { ErrorResponse } from "resend";
import type { SendOutcome } from "./mail-types";

type Failure = Exclude<SendOutcome, { kind: "sent" }>;

// Resend's 429s: the per-second limit, and the daily/monthly quotas (which also clear with time).
const RATE_LIMIT_CODES = new Set(["rate_limit_exceeded", "daily_quota_exceeded", "monthly_quota_exceeded"]);
const QUOTA_WAIT_SECONDS = 60 * 60;
// Retrying these can succeed: the server failed, the network failed, or an identical request is still
// running (the retry will get the stored answer of the first one).
const TRANSIENT_CODES = new Set(["application_error", "internal_server_error", "concurrent_idempotent_requests"]);

function retryAfter(headers: Record<string, string> | null, fallback: number): number {
  const raw = headers?.["retry-after"];
  if (raw === undefined) return fallback;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(1, Math.ceil(seconds));
  const date = Date.parse(raw); // retry-after may also be an HTTP date
  return Number.isFinite(date) ? Math.max(1, Math.ceil((date - Date.now()) / 1000)) : fallback;
}

/**
 * Maps the SDK's `{error, headers}` (it never throws on HTTP errors) to what the caller should do.
 * Unknown codes fall back on the status: 5xx and no status (network) are transient, other 4xx permanent.
 * invalid_idempotent_request is permanent but special: the key was already used for a *different* payload,
 * so an email may already have gone out under it — callers should not blindly resend under a new key.
 */
export function classifyResendError(error: ErrorResponse, headers: Record<string, string> | null): Failure {
  const code = String(error.name ?? "unknown");
  const statusCode = typeof error.statusCode === "number" ? error.statusCode : null;
  // The code travels beside the reason; repeating it inside made reasons say it twice.
  const reason = error.message ?? "no message";
  if (RATE_LIMIT_CODES.has(code) || statusCode === 429) {
    const fallback = code.endsWith("quota_exceeded") ? QUOTA_WAIT_SECONDS : 1;
    return { kind: "rate_limited", retryAfterSeconds: retryAfter(headers, fallback), reason, code };
  }
  if (TRANSIENT_CODES.has(code) || statusCode === null || statusCode >= 500 || statusCode === 408) {
    return { kind: "transient", reason, code, statusCode };
  }
  return { kind: "permanent", reason, code, statusCode };
}
