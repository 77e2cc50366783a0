import { logActivity } from "@/lib/activity/log-activity";
import type { Db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { isTimeZone } from "./time-zones";

export type AccountSettings = {
  name: string;
  senderName: string;
  senderEmail: string;
  postalAddress: string;
  phone: string;
  timeZone: string;
};

export async function getAccountSettings(db: Db, accountId: string) {
  const account = await db.account.findUnique({
    where: { id: accountId },
    select: {
      name: true,
      senderName: true,
      senderEmail: true,
      postalAddress: true,
      phone: true,
      timeZone: true,
      creditBalance: true,
      status: true,
      createdAt: true,
    },
  });
  if (!account) throw notFound("Agency");
  return account;
}

/**
 * Saves the agency's details and sender identity. The time zone is checked against the runtime's IANA
 * list here too (not only in the form): schedules and date filters depend on it.
 */
export async function updateAccountSettings(db: Db, ctx: { accountId: string; userId?: string }, input: AccountSettings): Promise<void> {
  if (!isTimeZone(input.timeZone)) throw new AppError("INVALID", `"${input.timeZone}" is not a time zone. Pick one from the list.`);
  await db.$transaction(async (tx) => {
    const updated = await tx.account.updateMany({
      where: { id: ctx.accountId },
      data: {
        name: input.name.trim(),
        senderName: input.senderName.trim(),
        senderEmail: input.senderEmail.trim().toLowerCase(),
        postalAddress: input.postalAddress.trim(),
        phone: input.phone.trim(),
        timeZone: input.timeZone,
      },
    });
    if (updated.count === 0) throw notFound("Agency");
    // Who changed the sender identity, and to what: agencies are asked this after a customer complains.
    await logActivity(tx, {
      accountId: ctx.accountId,
      userId: ctx.userId,
      type: "account.updated",
      detail: { ...input },
    });
  });
}
