import type { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";

type Reader = Pick<Prisma.TransactionClient, "account">;

/** The failure reason of a blast whose agency was suspended when it was due to start. */
export const AGENCY_SUSPENDED = "agency suspended";

export const AGENCY_SUSPENDED_MESSAGE = "Agency suspended: your agency cannot send emails for now. Contact Blast support to reactivate it.";

/**
 * Refuses sending for a suspended agency before anything is written or charged. A suspended agency's
 * agents still sign in and read; only new sends (blasts, emails to one customer, test sends, retries)
 * stop here. A blast scheduled earlier is checked when it is due (lib/blasts/start-blast.ts): due while
 * the agency is suspended, it fails with AGENCY_SUSPENDED and reserves nothing; due after a
 * reactivation, it goes out.
 */
export async function assertAgencyCanSend(db: Reader, accountId: string): Promise<void> {
  const account = await db.account.findUnique({ where: { id: accountId }, select: { status: true } });
  if (!account) throw new AppError("NOT_FOUND", "Agency not found");
  if (account.status === "SUSPENDED") throw new AppError("FORBIDDEN", AGENCY_SUSPENDED_MESSAGE);
}
