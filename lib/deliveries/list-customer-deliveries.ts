import type { Db } from "@/lib/db";
import type { BlastKind, DeliveryOutcome, DeliveryStatus } from "@/lib/generated/prisma/client";

export type CustomerEmailRow = {
  id: string;
  blastId: string;
  subject: string;
  kind: BlastKind;
  status: DeliveryStatus;
  reason: string | null;
  createdAt: Date;
  sentAt: Date | null;
  outcome: DeliveryOutcome | null;
  outcomeAt: Date | null;
  outcomeDetail: string | null;
  openedAt: Date | null;
  clickedAt: Date | null;
};

export const CUSTOMER_EMAILS_SHOWN = 20;

/**
 * The emails one customer of the account was sent (or was to be sent), newest first, each with what
 * the provider reported about it. `total` says how many there are beyond the ones shown.
 */
export async function listCustomerDeliveries(
  db: Db,
  input: { accountId: string; customerId: string; take?: number },
): Promise<{ rows: CustomerEmailRow[]; total: number }> {
  const where = { accountId: input.accountId, customerId: input.customerId };
  const [found, total] = await Promise.all([
    db.delivery.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: input.take ?? CUSTOMER_EMAILS_SHOWN,
      include: { blast: { select: { subject: true, kind: true } } },
    }),
    db.delivery.count({ where }),
  ]);
  const rows = found.map((d) => ({
    id: d.id,
    blastId: d.blastId,
    subject: d.blast.subject,
    kind: d.blast.kind,
    status: d.status,
    reason: d.reason,
    createdAt: d.createdAt,
    sentAt: d.sentAt,
    outcome: d.outcome,
    outcomeAt: d.outcomeAt,
    outcomeDetail: d.outcomeDetail,
    openedAt: d.openedAt,
    clickedAt: d.clickedAt,
  }));
  return { rows, total };
}
