/**
 * An opaque keyset cursor over (time, id) — newest-first lists (activity, credit ledger) page on an
 * index instead of OFFSET, so page 500 costs what page 1 costs. A malformed cursor reads as "no cursor".
 */
export type TimeKey = { at: string; id: string };

export function encodeTimeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify({ at: at.toISOString(), id })).toString("base64url");
}

export function decodeTimeCursor(cursor?: string): TimeKey | null {
  if (!cursor) return null;
  try {
    const k = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    return typeof k?.at === "string" && typeof k?.id === "string" && !Number.isNaN(Date.parse(k.at)) ? k : null;
  } catch {
    return null;
  }
}
