import type { Db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { nextDay, startOfDayInZone } from "@/lib/settings/time-zones";
import { decodeTimeCursor, encodeTimeCursor, keysetPage, type TimeKey } from "@/lib/pagination/time-cursor";

/** The filters of the history page, as stored on an ActivityExport (dates as ISO instants). */
export type ActivityFilters = { type?: string; customerId?: string; blastId?: string; from?: string; to?: string };

export type ActivityRow = {
  id: string;
  type: string;
  at: Date;
  detail: unknown;
  customer: { id: string; firstName: string; lastName: string; email: string } | null;
  blast: { id: string; subject: string } | null;
  user: { name: string } | null;
};

export const ACTIVITY_PAGE_SIZE = 50;

/** Always under the account: a customer or blast id of another agency simply matches nothing. */
export function activityWhere(accountId: string, f: ActivityFilters): Prisma.ActivityWhereInput {
  const at: Prisma.DateTimeFilter = {};
  if (f.from) at.gte = new Date(f.from);
  if (f.to) at.lt = new Date(f.to);
  return {
    accountId,
    ...(f.type ? { type: f.type } : {}),
    ...(f.customerId ? { customerId: f.customerId } : {}),
    ...(f.blastId ? { blastId: f.blastId } : {}),
    ...(f.from || f.to ? { at } : {}),
  };
}

export const activitySelect = {
  id: true,
  type: true,
  at: true,
  detail: true,
  customer: { select: { id: true, firstName: true, lastName: true, email: true } },
  blast: { select: { id: true, subject: true } },
  user: { select: { name: true } },
} satisfies Prisma.ActivitySelect;

type Key = TimeKey;
const encode = (row: { at: Date; id: string }) => encodeTimeCursor(row.at, row.id);
const decode = decodeTimeCursor;

const olderThan = (k: Key): Prisma.ActivityWhereInput => ({
  OR: [{ at: { lt: new Date(k.at) } }, { at: new Date(k.at), id: { lt: k.id } }],
});
const newerThan = (k: Key): Prisma.ActivityWhereInput => ({
  OR: [{ at: { gt: new Date(k.at) } }, { at: new Date(k.at), id: { gt: k.id } }],
});

/**
 * Newest first, keyset-paginated on (at, id) through the (accountId, at) / (accountId, type, at) /
 * (customerId, at) / (blastId, at) indexes, so a busy account's history pages as fast as a quiet one's.
 */
export async function listActivity(
  db: Db,
  input: { accountId: string; filters?: ActivityFilters; after?: string; before?: string; pageSize?: number },
): Promise<{ rows: ActivityRow[]; nextCursor: string | null; prevCursor: string | null }> {
  const size = input.pageSize ?? ACTIVITY_PAGE_SIZE;
  const base = activityWhere(input.accountId, input.filters ?? {});
  const after = decode(input.after);
  const before = after ? null : decode(input.before);
  const where = after ? { AND: [base, olderThan(after)] } : before ? { AND: [base, newerThan(before)] } : base;
  const order = before ? "asc" : "desc";
  const found = await db.activity.findMany({ where, orderBy: [{ at: order }, { id: order }], take: size + 1, select: activitySelect });
  return keysetPage(found, size, { after, before }, encode);
}

/** Recent blasts of the account, for the blast filter. */
export async function listBlastChoices(db: Db, accountId: string, limit = 100) {
  return db.blast.findMany({
    where: { accountId },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { id: true, subject: true, createdAt: true },
  });
}

/** The history filters as an agent types them: days in the agency's time zone, a customer by email. */
export type ActivityFilterInput = { type?: string; customer?: string; customerId?: string; blastId?: string; from?: string; to?: string };

/**
 * Turns typed filters into stored ones: "from 2026-03-08" means midnight in the agency's time zone, "to"
 * includes that whole day, and a customer typed by email is looked up in this account only.
 * `unknownCustomer` says the typed email matched no customer (the page shows that instead of everything).
 */
export async function resolveActivityFilters(
  db: Db,
  input: { accountId: string; timeZone: string; filters: ActivityFilterInput },
): Promise<{ filters: ActivityFilters; unknownCustomer: boolean }> {
  const f = input.filters;
  const out: ActivityFilters = {};
  if (f.type) out.type = f.type;
  if (f.blastId) out.blastId = f.blastId;
  if (f.from) out.from = startOfDayInZone(f.from, input.timeZone)?.toISOString();
  if (f.to) out.to = startOfDayInZone(nextDay(f.to), input.timeZone)?.toISOString();
  let unknownCustomer = false;
  if (f.customerId) out.customerId = f.customerId;
  else if (f.customer?.trim()) {
    const email = f.customer.trim().toLowerCase();
    const found = await db.customer.findFirst({ where: { accountId: input.accountId, emailNormalized: email }, select: { id: true } });
    if (found) out.customerId = found.id;
    else unknownCustomer = true;
  }
  return { filters: out, unknownCustomer };
}
