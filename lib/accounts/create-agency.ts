import type { Db } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import { addCreditEntry } from "@/lib/credits/grant-credit";

export type NewAgency = {
  name: string;
  senderName: string;
  senderEmail: string;
  postalAddress: string;
  timeZone?: string;
  owner: { name: string; email: string; password: string };
  credit?: number;
};

/** Creates an agency with its first owner and opening credit, all or nothing. */
export async function createAgency(db: Db, input: NewAgency) {
  const passwordHash = await hashPassword(input.owner.password);
  return db.$transaction(async (tx) => {
    const account = await tx.account.create({
      data: {
        name: input.name,
        senderName: input.senderName,
        senderEmail: input.senderEmail,
        postalAddress: input.postalAddress,
        timeZone: input.timeZone ?? "America/New_York",
      },
    });
    const owner = await tx.user.create({
      data: {
        accountId: account.id,
        email: input.owner.email.trim().toLowerCase(),
        name: input.owner.name,
        passwordHash,
        role: "OWNER",
      },
    });
    if (input.credit) await addCreditEntry(tx, { accountId: account.id, delta: input.credit, reason: "Opening credit" });
    return { account, owner };
  });
}
