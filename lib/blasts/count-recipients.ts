import type { Db } from "@/lib/db";
import { selectionSql, SKIP_REASON_SQL, type Selection } from "@/lib/blasts/selection";

export type RecipientCount = {
  selected: number;
  eligible: number;
  inactive: number;
  optedOut: number;
  creditBalance: number;
  enoughCredit: boolean;
};

/**
 * What the composer shows before sending: how many customers the selection matches, how many are
 * eligible (the credit cost: one credit each) and why the others are not — the same SQL the fan-out runs.
 * Addresses are verified per recipient at send time, so a few eligible ones may still be skipped (and refunded).
 */
export async function countRecipients(db: Db, accountId: string, selection: Selection): Promise<RecipientCount> {
  const where = selectionSql(accountId, selection);
  const [row] = await db.$queryRaw<{ selected: number; eligible: number; inactive: number; opted_out: number }[]>`
    SELECT count(*)::int AS selected,
           count(*) FILTER (WHERE ${SKIP_REASON_SQL} IS NULL)::int AS eligible,
           count(*) FILTER (WHERE c."status" <> 'ACTIVE')::int AS inactive,
           count(*) FILTER (WHERE c."status" = 'ACTIVE' AND c."optedOutAt" IS NOT NULL)::int AS opted_out
    FROM "Customer" c WHERE ${where}`;
  const account = await db.account.findUniqueOrThrow({ where: { id: accountId }, select: { creditBalance: true } });
  return {
    selected: row.selected,
    eligible: row.eligible,
    inactive: row.inactive,
    optedOut: row.opted_out,
    creditBalance: account.creditBalance,
    enoughCredit: row.eligible <= account.creditBalance,
  };
}
