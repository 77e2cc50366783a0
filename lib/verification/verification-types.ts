/**
 * valid → send. invalid → do not send (skip with reason). unknown → could not decide now: the caller
 * should retry later or send anyway by policy — never treat it as invalid (Kickbox's own advice).
 */
export type Verdict = "valid" | "invalid" | "unknown";

export type VerificationResult = {
  verdict: Verdict;
  /** Machine-readable: "syntax", "disposable", "role_address", "suppressed_bounced", "rejected_email", … */
  reason: string;
  /** Where the answer came from. */
  source: "local" | "kickbox" | "cache" | "suppression";
};

export type VerificationConfig = {
  /** When set, addresses are checked with Kickbox; otherwise with local rules only. */
  kickboxApiKey?: string;
  kickboxBaseUrl?: string;
  /** Kickbox's recommended client timeout. */
  timeoutMs?: number;
  /** How long a valid/invalid answer is trusted. */
  cacheTtlMs?: number;
};

export const DEFAULT_KICKBOX_BASE_URL = "https://api.kickbox.com";
export const DEFAULT_TIMEOUT_MS = 6000;
export const DEFAULT_CACHE_TTL_MS = 30 * 24 * 60 * 60 * 1000;
