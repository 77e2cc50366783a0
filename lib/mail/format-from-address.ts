/**
 * `"Harbor Mutual" <agents@harbor.example>`. The display name comes from agency settings, so it is
 * sanitized: no CR/LF (header injection), no quotes or angle brackets (address spoofing).
 */
export function formatFromAddress(name: string | null | undefined, address: string): string {
  const clean = (name ?? "")
    .replace(/[\r\n"<>\\]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const addr = address.replace(/[\r\n<>\s]/g, "");
  return clean ? `"${clean}" <${addr}>` : addr;
}
