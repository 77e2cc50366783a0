import type { Db } from "@/lib/db";
import { customerWhere, type CustomerFilters } from "./customer-filters";

export type CustomerRow = {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  status: "ACTIVE" | "INACTIVE";
  tags: string[];
  optedOutAt: Date | null;
};

export type CustomerPage = {
  rows: CustomerRow[];
  /** Opaque cursors for the neighbouring pages (null at either end). */
  nextCursor: string | null;
  prevCursor: string | null;
  /** Exact up to COUNT_CAP; beyond it the count stops (capped: true) so it never scans a huge account. */
  total: number;
  capped: boolean;
};

export const PAGE_SIZE = 50;
export const COUNT_CAP = 10_000;

type Key = [lastName: string, firstName: string, id: string];

const encode = (row: CustomerRow) => Buffer.from(JSON.stringify([row.lastName, row.firstName, row.id])).toString("base64url");

function decode(cursor: string | undefined): Key | null {
  if (!cursor) return null;
  try {
    const key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    return Array.isArray(key) && key.length === 3 && key.every((k) => typeof k === "string") ? (key as Key) : null;
  } catch {
    return null;
  }
}

/** Rows strictly after (or before) the key in (lastName, firstName, id) order. */
function beyond([last, first, id]: Key, dir: "gt" | "lt") {
  return {
    OR: [
      { lastName: { [dir]: last } },
      { lastName: last, firstName: { [dir]: first } },
      { lastName: last, firstName: first, id: { [dir]: id } },
    ],
  };
}

/**
 * One page of the account's customers, sorted by name, with keyset pagination: a page is found through
 * the (accountId, lastName, firstName) index from the previous page's last row, so page 2,000 costs what
 * page 1 costs. `after` / `before` are cursors from a previous page.
 */
export async function listCustomers(
  db: Db,
  input: { accountId: string; filters?: CustomerFilters; after?: string; before?: string; pageSize?: number },
): Promise<CustomerPage> {
  const size = input.pageSize ?? PAGE_SIZE;
  const base = customerWhere(input.accountId, input.filters ?? {});
  const afterKey = decode(input.after);
  const beforeKey = afterKey ? null : decode(input.before);
  const backwards = Boolean(beforeKey);
  const where = afterKey ? { AND: [base, beyond(afterKey, "gt")] } : beforeKey ? { AND: [base, beyond(beforeKey, "lt")] } : base;
  const order = backwards ? "desc" : "asc";
  const [found, counted] = await Promise.all([
    db.customer.findMany({
      where,
      orderBy: [{ lastName: order }, { firstName: order }, { id: order }],
      take: size + 1,
      select: { id: true, firstName: true, lastName: true, email: true, status: true, tags: true, optedOutAt: true },
    }),
    db.customer.count({ where: base, take: COUNT_CAP + 1 }),
  ]);
  const more = found.length > size;
  const rows = found.slice(0, size);
  if (backwards) rows.reverse();
  const first = rows[0];
  const last = rows[rows.length - 1];
  return {
    rows,
    nextCursor: last && (backwards ? true : more) ? encode(last) : null,
    prevCursor: first && (backwards ? more : Boolean(afterKey)) ? encode(first) : null,
    total: Math.min(counted, COUNT_CAP),
    capped: counted > COUNT_CAP,
  };
}

/** The tags in use in the account, for the filter (bounded: a scan of tag arrays, never of rows' text). */
export async function listCustomerTags(db: Db, accountId: string, limit = 200): Promise<string[]> {
  const rows = await db.$queryRaw<{ tag: string }[]>`
    SELECT DISTINCT unnest(tags) AS tag FROM "Customer" WHERE "accountId" = ${accountId} ORDER BY tag LIMIT ${limit}`;
  return rows.map((r) => r.tag);
}
