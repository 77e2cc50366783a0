/** A short human line from an Activity's detail JSON (its keys vary by type; unknown keys are listed plainly). */
export function describeDetail(detail: unknown): string {
  if (!detail || typeof detail !== "object" || Array.isArray(detail)) return "";
  const parts: string[] = [];
  for (const [key, value] of Object.entries(detail as Record<string, unknown>)) {
    if (value === null || value === undefined || value === "") continue;
    const text = Array.isArray(value) ? value.join(", ") : typeof value === "object" ? JSON.stringify(value) : String(value);
    parts.push(`${key}: ${text}`);
  }
  return parts.join(" · ").slice(0, 300);
}
