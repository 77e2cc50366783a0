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

/**
 * One page from a keyset query that fetched `size + 1` rows: newest first when paging forward (`after`),
 * oldest first when paging back (`before`, reversed here). The extra row tells whether more exist.
 */
export function keysetPage<R>(
  found: R[],
  size: number,
  cursors: { after: TimeKey | null; before: TimeKey | null },
  encode: (row: R) => string,
) {
  const more = found.length > size;
  const rows = found.slice(0, size);
  if (cursors.before) rows.reverse();
  const first = rows[0];
  const last = rows[rows.length - 1];
  return {
    rows,
    nextCursor: last && (cursors.before ? true : more) ? encode(last) : null,
    prevCursor: first && (cursors.before ? more : Boolean(cursors.after)) ? encode(first) : null,
  };
}
