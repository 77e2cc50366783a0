import type { Db, Tx } from "@/lib/db";
import type { Account, User } from "@/lib/generated/prisma/client";
import { hashPassword } from "@/lib/auth/password";
import { addCreditEntry } from "@/lib/credits/grant-credit";

export type AgencyDetails = {
  name: string;
  senderName: string;
  senderEmail: string;
  postalAddress: string;
  timeZone?: string;
  credit?: number;
};

export type NewAgency = AgencyDetails & { owner: { name: string; email: string; password: string } };

/**
 * The owner as stored: with a password (seeds, tests) or with none yet and a one-time set-password link
 * (an agency created by an operator, whose owner chooses their own password).
 */
export type NewOwner = { name: string; email: string } & ({ passwordHash: string } | { passwordSetToken: string; passwordSetExpiry: Date });

/** Writes the agency, its first owner and its opening credit inside the caller's transaction. */
export async function insertAgency(tx: Tx, input: AgencyDetails & { owner: NewOwner }): Promise<{ account: Account; owner: User }> {
  const { owner: newOwner, credit, ...details } = input;
  const account = await tx.account.create({
    data: { ...details, timeZone: details.timeZone ?? "America/New_York" },
  });
  const owner = await tx.user.create({
    data: { ...newOwner, accountId: account.id, email: newOwner.email.trim().toLowerCase(), role: "OWNER" },
  });
  if (credit) {
    await addCreditEntry(tx, { accountId: account.id, delta: credit, reason: "Opening credit" });
    return { account: { ...account, creditBalance: account.creditBalance + credit }, owner };
  }
  return { account, owner };
}

/** Creates an agency with its first owner (password given) and opening credit, all or nothing. */
export async function createAgency(db: Db, input: NewAgency) {
  const passwordHash = await hashPassword(input.owner.password);
  const { owner, ...details } = input;
  return db.$transaction((tx) => insertAgency(tx, { ...details, owner: { name: owner.name, email: owner.email, passwordHash } }));
}
