/**
 * How a customer is named everywhere a person reads it: "First Last", trimmed. Where there is no name,
 * the caller says what stands in: the address where it helps (a customer's own page, the history), a
 * "(no name)" marker in lists, nothing in exports.
 */
export const NO_NAME = "(no name)";

export function displayName(c: { firstName?: string | null; lastName?: string | null }, fallback = ""): string {
  return [c.firstName?.trim(), c.lastName?.trim()].filter(Boolean).join(" ") || fallback;
}
