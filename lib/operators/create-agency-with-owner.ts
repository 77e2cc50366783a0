import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { insertAgency } from "@/lib/accounts/create-agency";
import { logActivity } from "@/lib/activity/log-activity";
import { newSetPasswordToken } from "@/lib/auth/set-password-token";
import { createAgencySchema, parseOperatorInput, type CreateAgencyInput } from "@/lib/operators/operators.validation";

export type CreatedAgency = {
  accountId: string;
  name: string;
  owner: { id: string; email: string; name: string };
  credit: number;
  /** The raw one-time set-password token: returned once, stored only as a hash (like an agent's link). */
  setPasswordToken: string;
  setPasswordExpiresAt: Date;
};

/**
 * An operator opens an agency: the agency, its first owner with no password and a one-time
 * set-password link (the owner picks their own password, as agents do), and the opening credit — all in
 * one transaction. The sender identity defaults to the agency's name and the owner's address; the owner
 * can change it in Settings. Names are kept distinct because operators name agencies by name.
 */
export async function createAgencyWithOwner(db: Db, input: CreateAgencyInput): Promise<CreatedAgency> {
  const data = parseOperatorInput(createAgencySchema, input);
  const link = newSetPasswordToken();
  try {
    return await db.$transaction(async (tx) => {
      const same = await tx.account.findFirst({ where: { name: { equals: data.name, mode: "insensitive" } } });
      if (same) throw new AppError("CONFLICT", `An agency named "${same.name}" already exists (${same.id})`);
      const { account, owner } = await insertAgency(tx, {
        name: data.name,
        senderName: data.senderName ?? data.name,
        senderEmail: data.senderEmail ?? data.ownerEmail,
        postalAddress: data.postalAddress,
        timeZone: data.timeZone,
        credit: data.credit,
        owner: { name: data.ownerName, email: data.ownerEmail, passwordSetToken: link.hash, passwordSetExpiry: link.expiry },
      });
      await logActivity(tx, {
        accountId: account.id,
        type: "agency.created",
        detail: { operator: data.by, owner: owner.email, credit: data.credit },
      });
      return {
        accountId: account.id,
        name: account.name,
        owner: { id: owner.id, email: owner.email, name: owner.name },
        credit: account.creditBalance,
        setPasswordToken: link.token,
        setPasswordExpiresAt: link.expiry,
      };
    });
  } catch (error) {
    // User.email is unique across Blast: it is the sign-in name.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("CONFLICT", `The owner email ${data.ownerEmail} is already in use by a Blast login`);
    }
    throw error;
  }
}
