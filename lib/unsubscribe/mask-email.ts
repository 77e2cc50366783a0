/**
 * "maria.lopez@example.com" → "m•••z@e•••••e.com": enough for the owner to recognise the address, too
 * little for someone holding a forwarded link to harvest it.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 1) return "•••";
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf(".");
  const host = dot > 0 ? domain.slice(0, dot) : domain;
  const tld = dot > 0 ? domain.slice(dot) : "";
  return `${maskPart(local)}@${maskPart(host)}${tld}`;
}

function maskPart(s: string): string {
  if (s.length <= 2) return s[0] + "•";
  if (s.length <= 4) return s[0] + "•".repeat(s.length - 1);
  return s[0] + "•".repeat(Math.min(s.length - 2, 6)) + s[s.length - 1];
}
