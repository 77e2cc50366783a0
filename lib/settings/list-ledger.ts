import type { Db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { decodeTimeCursor, encodeTimeCursor, keysetPage } from "@/lib/pagination/time-cursor";

export const LEDGER_PAGE_SIZE = 25;

const encode = (row: { createdAt: Date; id: string }) => encodeTimeCursor(row.createdAt, row.id);
const decode = decodeTimeCursor;

/** The credit ledger of the account, newest first, keyset-paginated on the (accountId, createdAt) index. */
export async function listLedger(db: Db, input: { accountId: string; after?: string; before?: string; pageSize?: number }) {
  const size = input.pageSize ?? LEDGER_PAGE_SIZE;
  const after = decode(input.after);
  const before = after ? null : decode(input.before);
  const base: Prisma.CreditEntryWhereInput = { accountId: input.accountId };
  const k = after ?? before;
  const dir = after ? "lt" : "gt";
  const where: Prisma.CreditEntryWhereInput = k
    ? { AND: [base, { OR: [{ createdAt: { [dir]: new Date(k.at) } }, { createdAt: new Date(k.at), id: { [dir]: k.id } }] }] }
    : base;
  const order = before ? "asc" : "desc";
  const found = await db.creditEntry.findMany({
    where,
    orderBy: [{ createdAt: order }, { id: order }],
    take: size + 1,
    select: { id: true, delta: true, reason: true, createdAt: true, blast: { select: { id: true, subject: true } } },
  });
  return keysetPage(found, size, { after, before }, encode);
}
