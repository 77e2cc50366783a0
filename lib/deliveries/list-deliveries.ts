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
 * twice: the blast must be the account's, and so must each delivery.
 */
export async function listDeliveries(
  db: Db,
  input: { accountId: string; blastId: string; status?: DeliveryStatus; outcome?: OutcomeFilter; page?: number; pageSize?: number },
): Promise<DeliveryPage> {
  const pageSize = input.pageSize ?? DELIVERIES_PAGE_SIZE;
  const scope = { accountId: input.accountId, blastId: input.blastId };
  const grouped = await db.delivery.groupBy({ by: ["status"], where: scope, _count: { _all: true } });
  const byStatus = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<DeliveryStatus, number>;
  for (const g of grouped) byStatus[g.status] = g._count._all;
  const where: Prisma.DeliveryWhereInput = {
    ...scope,
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
    orderBy: [{ customer: { lastName: "asc" } }, { customer: { firstName: "asc" } }, { id: "asc" }],
    skip: (page - 1) * pageSize,
    take: pageSize,
    include: { customer: { select: { firstName: true, lastName: true } } },
  });
  const rows = found.map((d) => ({
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
