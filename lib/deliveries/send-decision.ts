import type { BatchItemResult, BatchOutcome, SendOutcome } from "@/lib/mail";
import { describeProviderProblem } from "./failure-reason";

/**
 * What the sending step does with the provider's answer: throttling waits (never recorded as failed),
 * transient trouble retries the same send under the same idempotency key, a permanent refusal fails
 * only this delivery.
 */
export type SendDecision =
  | { action: "record"; providerMessageId: string }
  | { action: "wait"; seconds: number; reason: string }
  | { action: "retry"; reason: string }
  | { action: "fail"; reason: string };

export function decideOnSend(outcome: SendOutcome): SendDecision {
  switch (outcome.kind) {
    case "sent":
      return { action: "record", providerMessageId: outcome.id };
    case "rate_limited":
      return { action: "wait", seconds: Math.max(1, Math.ceil(outcome.retryAfterSeconds)), reason: outcome.reason };
    case "transient":
      return { action: "retry", reason: describeProviderProblem(outcome.code, outcome.reason) };
    case "permanent":
      return {
        action: "fail",
        reason:
          outcome.code === "invalid_idempotent_request"
            ? "provider refused a changed resend of this email (it may already have been delivered)"
            : `the email provider refused this email (${outcome.reason.trim().replace(/\.$/, "")}; ${outcome.code})`,
      };
  }
}

export type BatchDecision = { action: "record"; results: BatchItemResult[] } | Exclude<SendDecision, { action: "record" }>;

/** The same for a batch request: its answer per email is recorded; anything else concerns all its emails. */
export function decideOnBatch(outcome: BatchOutcome): BatchDecision {
  if (outcome.kind === "sent") return { action: "record", results: outcome.results };
  return decideOnSend(outcome) as Exclude<SendDecision, { action: "record" }>;
}
