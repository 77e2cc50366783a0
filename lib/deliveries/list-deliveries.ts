import type { Db } from "@/lib/db";
import type { DeliveryOutcome, DeliveryStatus, Prisma } from "@/lib/generated/prisma/client";
import { DELIVERY_OUTCOMES } from "./delivery-outcome";
import { displayName } from "@/lib/customers/display-name";

export type DeliveryRow = {
  id: string;
  customerId: string;
  customerName: string;
  email: string;
  status: DeliveryStatus;
  reason: string | null;
  attempts: number;
  updatedAt: Date;
  outcome: DeliveryOutcome | null;
  outcomeAt: Date | null;
  outcomeDetail: string | null;
  openedAt: Date | null;
  clickedAt: Date | null;
};

export type DeliveryPage = {
  rows: DeliveryRow[];
  page: number;
  pageSize: number;
  /** Rows matching the filters. */
  total: number;
  pageCount: number;
  /** Rows per status for the whole blast (the filter's counts). */
  byStatus: Record<DeliveryStatus, number>;
};

/** A provider outcome, or NONE: sent, and nothing reported yet. */
export type OutcomeFilter = DeliveryOutcome | "NONE";

export const DELIVERY_STATUSES: DeliveryStatus[] = ["PENDING", "SENDING", "SENT", "SKIPPED", "FAILED", "CANCELLED"];
export const OUTCOME_FILTERS: OutcomeFilter[] = [...DELIVERY_OUTCOMES, "NONE"];
export const DELIVERIES_PAGE_SIZE = 50;

/**
 * The per-recipient log of one blast of the account, filtered by status and/or by the provider's
 * outcome, sorted by customer name so rows stay put while the page refreshes during sending. Scoped
 * twice: the blast must be the account's (or nothing is read), and so must each delivery read.
 *
 * Built for a blast of 100,000 that is sending while an agent watches it: the counts per status come
 * from the blast's counters (moved in the statements that settle deliveries) plus an indexed count of
 * the few in flight, and a page is read in (blastId, sortName, id) index order — nothing here counts or
 * sorts every delivery of the blast per view.
 *
 * The delivery queries filter by blast only, and the account is checked on the blast and on each row read:
 * with `accountId` in the WHERE too, PostgreSQL — whose statistics had not yet seen a blast whose 100,000
 * deliveries the fan-out had just written, nor its new agency — estimated one matching row, gave up the
 * ordered index for a bitmap scan and sorted all 100,000 to show 50 (65–83 ms a view while sending,
 * logged by auto_explain). Without it, the (blastId, sortName, id) index serves the page in order.
 */
export async function listDeliveries(
  db: Db,
  input: { accountId: string; blastId: string; status?: DeliveryStatus; outcome?: OutcomeFilter; page?: number; pageSize?: number },
): Promise<DeliveryPage> {
  const pageSize = input.pageSize ?? DELIVERIES_PAGE_SIZE;
  const byStatus = await countByStatus(db, input);
  if (!byStatus) return { rows: [], page: 1, pageSize, total: 0, pageCount: 1, byStatus: noDeliveries() };
  const where: Prisma.DeliveryWhereInput = {
    blastId: input.blastId,
    ...(input.status ? { status: input.status } : {}),
    // Served by the (blastId, outcome) index; only sent emails are ever reported on.
    ...(input.outcome === "NONE" ? { status: "SENT", outcome: null } : input.outcome ? { outcome: input.outcome } : {}),
  };
  const total = input.outcome
    ? await db.delivery.count({ where })
    : input.status
      ? byStatus[input.status]
      : Object.values(byStatus).reduce((a, b) => a + b, 0);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.floor(input.page ?? 1)), pageCount);
  const found = await db.delivery.findMany({
    where,
    orderBy: [{ sortName: "asc" }, { id: "asc" }],
    skip: (page - 1) * pageSize,
    take: pageSize,
    include: { customer: { select: { firstName: true, lastName: true } } },
  });
  const rows = found
    .filter((d) => d.accountId === input.accountId)
    .map((d) => ({
      id: d.id,
      customerId: d.customerId,
      customerName: displayName(d.customer),
      email: d.email,
      status: d.status,
      reason: d.reason,
      attempts: d.attempts,
      updatedAt: d.updatedAt,
      outcome: d.outcome,
      outcomeAt: d.outcomeAt,
      outcomeDetail: d.outcomeDetail,
      openedAt: d.openedAt,
      clickedAt: d.clickedAt,
    }));
  return { rows, page, pageSize, total, pageCount, byStatus };
}

/**
 * Deliveries per status from the blast's counters: every delivery is written with the blast's
 * recipientCount and each settle moves its counter in the same statement, so what is not sent, skipped,
 * failed or cancelled is still open — in flight (SENDING: claimed into a provider batch, at most a few
 * batches, counted through the (blastId, status) index) or PENDING.
 */
async function countByStatus(db: Db, scope: { accountId: string; blastId: string }): Promise<Record<DeliveryStatus, number> | null> {
  const blast = await db.blast.findFirst({
    where: { id: scope.blastId, accountId: scope.accountId },
    select: { recipientCount: true, sentCount: true, skippedCount: true, failedCount: true, cancelledCount: true },
  });
  if (!blast) return null;
  const open = Math.max(0, blast.recipientCount - blast.sentCount - blast.skippedCount - blast.failedCount - blast.cancelledCount);
  // By blast only: the blast was just found to be the account's (see listDeliveries on the planner).
  const sending = open > 0 ? Math.min(open, await db.delivery.count({ where: { blastId: scope.blastId, status: "SENDING" } })) : 0;
  return {
    PENDING: open - sending,
    SENDING: sending,
    SENT: blast.sentCount,
    SKIPPED: blast.skippedCount,
    FAILED: blast.failedCount,
    CANCELLED: blast.cancelledCount,
  };
}

function noDeliveries(): Record<DeliveryStatus, number> {
  return Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<DeliveryStatus, number>;
}
