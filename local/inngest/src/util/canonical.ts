/**
 * RFC 8785-style canonical JSON (sorted keys, ES number formatting). The SDK verifies
 * `x-inngest-signature` over the canonical form of the parsed body, so the executor sends the
 * canonical text itself and signs exactly those bytes.
 */
export function canonicalize(value: unknown): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value)) return "null";
    const s = JSON.stringify(value);
    return s === undefined ? "null" : s;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") {
    return canonicalize((value as { toJSON: () => unknown }).toJSON());
  }
  if (Array.isArray(value)) {
    return `[${value.map((v) => (v === undefined || typeof v === "function" ? "null" : canonicalize(v))).join(",")}]`;
  }
  const obj = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(obj).sort()) {
    const v = obj[key];
    if (v === undefined || typeof v === "function" || typeof v === "symbol") continue;
    parts.push(`${JSON.stringify(key)}:${canonicalize(v)}`);
  }
  return `{${parts.join(",")}}`;
}
