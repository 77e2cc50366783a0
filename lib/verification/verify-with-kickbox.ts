import { DEFAULT_KICKBOX_BASE_URL, DEFAULT_TIMEOUT_MS, type VerificationResult } from "./verification-types";

type KickboxAnswer = {
  success?: boolean;
  message?: string | null;
  result?: "deliverable" | "undeliverable" | "risky" | "unknown";
  reason?: string;
  role?: boolean;
  disposable?: boolean;
};

/**
 * One Kickbox lookup (GET /v2/verify). Anything that is not a clear answer — timeout, network failure,
 * HTTP error, out of credit, result "unknown" — comes back as verdict "unknown": try again later, and
 * never mark an address invalid because *we* could not reach Kickbox.
 */
export async function verifyWithKickbox({
  email,
  apiKey,
  baseUrl = DEFAULT_KICKBOX_BASE_URL,
  timeoutMs = DEFAULT_TIMEOUT_MS,
  fetchImpl = fetch,
}: {
  email: string;
  apiKey: string;
  baseUrl?: string;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}): Promise<VerificationResult> {
  const url = new URL("/v2/verify", baseUrl);
  url.searchParams.set("email", email);
  url.searchParams.set("apikey", apiKey);
  // Kickbox's own SMTP wait, a little under ours so it can still answer "unknown/timeout" itself.
  url.searchParams.set("timeout", String(Math.max(500, timeoutMs - 1000)));
  const unknown = (reason: string): VerificationResult => ({ verdict: "unknown", reason, source: "kickbox" });
  let answer: KickboxAnswer;
  try {
    const res = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return unknown(`http_${res.status}`);
    answer = (await res.json()) as KickboxAnswer;
  } catch (err) {
    return unknown(err instanceof Error && err.name === "TimeoutError" ? "timeout" : "network_error");
  }
  if (answer.success === false) return unknown(`kickbox_error${answer.message ? `: ${answer.message}` : ""}`);
  const reason = answer.reason || answer.result || "no_reason";
  switch (answer.result) {
    case "deliverable":
      return { verdict: "valid", reason: answer.role ? "role_address" : reason, source: "kickbox" };
    case "risky":
      // accept_all / low_quality domains usually do receive mail; a throwaway inbox is not a customer.
      return answer.disposable
        ? { verdict: "invalid", reason: "disposable", source: "kickbox" }
        : { verdict: "valid", reason: `risky_${reason}`, source: "kickbox" };
    case "undeliverable":
      return { verdict: "invalid", reason, source: "kickbox" };
    default:
      return unknown(reason);
  }
}
