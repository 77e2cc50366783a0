import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { logActivity } from "@/lib/activity/log-activity";
import { addCreditEntry } from "@/lib/credits/grant-credit";
import { findAgency } from "@/lib/operators/find-agency";
import { adjustCreditSchema, parseOperatorInput, type AdjustCreditInput } from "@/lib/operators/operators.validation";

export type CreditAdjusted = { accountId: string; name: string; amount: number; balance: number };

/**
 * Grants (+N) or deducts (-N) credit by hand: a purchase, a goodwill gesture, a correction. One ledger
 * entry with the operator's reason (the agency sees it in its credit ledger) and one activity, in one
 * transaction. A deduction larger than the balance is refused whole — the same conditional update as a
 * blast's reservation, so it holds against blasts reserving at the same moment.
 */
export async function adjustCredit(db: Db, input: AdjustCreditInput): Promise<CreditAdjusted> {
  const data = parseOperatorInput(adjustCreditSchema, input);
  return db.$transaction(async (tx) => {
    const agency = await findAgency(tx, data.agency);
    const moved = await addCreditEntry(tx, { accountId: agency.id, delta: data.amount, reason: data.reason });
    if (!moved) {
      const { creditBalance } = await tx.account.findUniqueOrThrow({ where: { id: agency.id }, select: { creditBalance: true } });
      throw new AppError("LIMIT", `Cannot deduct ${-data.amount} credits from ${agency.name}: its balance is ${creditBalance}`);
    }
    const { creditBalance: balance } = await tx.account.findUniqueOrThrow({ where: { id: agency.id }, select: { creditBalance: true } });
    await logActivity(tx, {
      accountId: agency.id,
      type: data.amount > 0 ? "credit.granted" : "credit.deducted",
      detail: { operator: data.by, credits: Math.abs(data.amount), reason: data.reason, balance },
    });
    return { accountId: agency.id, name: agency.name, amount: data.amount, balance };
  });
}
