/**
 * Why a delivery failed, said once and in words an agent understands. A reason travels through several
 * layers (the provider's answer, the step's error, the engine's serialised error, onFailure) and each
 * used to add its own prefix: "internal server error: internal server error: An unexpected error
 * occurred". This keeps the words, drops the wrappers and the repeats.
 */
const WRAPPERS = /^(?:(?:NonRetriable|RetryAfter|Step|Invoke)?Error|Uncaught exception|Step failed)\s*:\s*/i;
const MAX_LENGTH = 300;

export function readableFailure(raw: string | null | undefined): string {
  let text = String(raw ?? "").trim();
  while (WRAPPERS.test(text)) text = text.replace(WRAPPERS, "");
  const parts = text.split(/:\s+/).filter(Boolean);
  const kept: string[] = [];
  const same = (a: string, b: string) =>
    a.replaceAll("_", " ").replace(/\.$/, "").toLowerCase() === b.replaceAll("_", " ").replace(/\.$/, "").toLowerCase();
  for (const part of parts) if (!kept.some((k) => same(k, part))) kept.push(part);
  const sentence = kept.join(": ") || "unknown error";
  return sentence.length > MAX_LENGTH ? `${sentence.slice(0, MAX_LENGTH - 1)}…` : sentence;
}

/** What the provider's own code means for the agent (the code stays in brackets for support). */
export function describeProviderProblem(code: string, message: string): string {
  const words = message.trim().replace(/\.$/, "") || "no details";
  return `the email provider had a problem (${words}; ${code})`;
}
