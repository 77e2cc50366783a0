import type { Db, Tx } from "@/lib/db";

/**
 * Adds a ledger entry and moves the cached balance in the same transaction. A negative delta that would
 * take the balance below zero is refused (the conditional update matches no row), so the balance can
 * never go negative even under concurrent reservations.
 */
export async function addCreditEntry(
  tx: Tx,
  entry: { accountId: string; delta: number; reason: string; blastId?: string; deliveryId?: string },
): Promise<boolean> {
  const where = entry.delta < 0 ? { id: entry.accountId, creditBalance: { gte: -entry.delta } } : { id: entry.accountId };
  const moved = await tx.account.updateMany({ where, data: { creditBalance: { increment: entry.delta } } });
  if (moved.count === 0) return false;
  await tx.creditEntry.create({ data: entry });
  return true;
}

export async function grantCredit(db: Db, accountId: string, amount: number, reason = "Credit purchase"): Promise<void> {
  await db.$transaction((tx) => addCreditEntry(tx, { accountId, delta: amount, reason }));
}
