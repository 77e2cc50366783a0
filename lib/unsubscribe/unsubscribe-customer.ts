import type { PrismaClient } from "@/lib/generated/prisma/client";
import { maskEmail } from "./mask-email";
import { verifyUnsubscribeToken } from "./unsubscribe-token";

type Db = Pick<PrismaClient, "customer" | "$transaction">;

export type UnsubscribeView = { status: "invalid" } | { status: "subscribed" | "unsubscribed"; agencyName: string; maskedEmail: string };

/**
 * What the public confirmation page may show: the agency's name and a masked address, nothing else.
 * Reads only — a GET of the link (mail scanners prefetch links) must never unsubscribe anyone.
 */
export async function getUnsubscribeView({ db, secret, token }: { db: Db; secret: string; token: string }): Promise<UnsubscribeView> {
  const subject = verifyUnsubscribeToken(secret, token);
  if (!subject) return { status: "invalid" };
  const customer = await db.customer.findFirst({
    where: { id: subject.customerId, accountId: subject.accountId },
    select: { email: true, optedOutAt: true, account: { select: { name: true } } },
  });
  if (!customer) return { status: "invalid" };
  return {
    status: customer.optedOutAt ? "unsubscribed" : "subscribed",
    agencyName: customer.account.name,
    maskedEmail: maskEmail(customer.email),
  };
}

export type UnsubscribeResult = { ok: true; alreadyUnsubscribed: boolean } | { ok: false; reason: "invalid" };

/**
 * Opts the customer out of this agency's emails (Customer.optedOutAt; no global suppression: the person
 * may still be a customer of another agency) and logs one `customer.unsubscribed` activity. The update is
 * conditional on optedOutAt still being null, so a double click or a client that POSTs twice logs once.
 */
export async function unsubscribeCustomer({
  db,
  secret,
  token,
  via,
  now = new Date(),
}: {
  db: Db;
  secret: string;
  token: string;
  via: "page" | "one-click";
  now?: Date;
}): Promise<UnsubscribeResult> {
  const subject = verifyUnsubscribeToken(secret, token);
  if (!subject) return { ok: false, reason: "invalid" };
  const { accountId, customerId } = subject;
  return db.$transaction(async (tx) => {
    const customer = await tx.customer.findFirst({ where: { id: customerId, accountId }, select: { id: true } });
    if (!customer) return { ok: false as const, reason: "invalid" as const };
    const { count } = await tx.customer.updateMany({ where: { id: customerId, accountId, optedOutAt: null }, data: { optedOutAt: now } });
    if (count === 0) return { ok: true as const, alreadyUnsubscribed: true };
    await tx.activity.create({ data: { accountId, customerId, type: "customer.unsubscribed", detail: { via }, at: now } });
    return { ok: true as const, alreadyUnsubscribed: false };
  });
}
