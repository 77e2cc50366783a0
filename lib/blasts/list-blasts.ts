import type { Db } from "@/lib/db";
import type { BlastKind, BlastPriority, BlastStatus } from "@/lib/generated/prisma/client";

export type BlastListRow = {
  id: string;
  kind: BlastKind;
  status: BlastStatus;
  priority: BlastPriority;
  subject: string;
  templateKey: string;
  recipientCount: number;
  sentCount: number;
  skippedCount: number;
  failedCount: number;
  cancelledCount: number;
  scheduledAt: Date | null;
  createdAt: Date;
  createdByName: string;
};

export type BlastListPage = { rows: BlastListRow[]; page: number; pageSize: number; total: number; pageCount: number };

export const BLASTS_PAGE_SIZE = 20;

/**
 * One page of the account's blasts (and sends to one customer), newest first. An agency sends a few
 * blasts a week, so numbered pages over the (accountId, createdAt) index are cheap and easy to link to.
 */
export async function listBlasts(db: Db, input: { accountId: string; page?: number; pageSize?: number }): Promise<BlastListPage> {
  const pageSize = input.pageSize ?? BLASTS_PAGE_SIZE;
  const total = await db.blast.count({ where: { accountId: input.accountId } });
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.floor(input.page ?? 1)), pageCount);
  const found = await db.blast.findMany({
    where: { accountId: input.accountId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * pageSize,
    take: pageSize,
    include: { createdBy: { select: { name: true } } },
  });
  const rows = found.map(({ createdBy, ...b }) => ({
    id: b.id,
    kind: b.kind,
    status: b.status,
    priority: b.priority,
    subject: b.subject,
    templateKey: b.templateKey,
    recipientCount: b.recipientCount,
    sentCount: b.sentCount,
    skippedCount: b.skippedCount,
    failedCount: b.failedCount,
    cancelledCount: b.cancelledCount,
    scheduledAt: b.scheduledAt,
    createdAt: b.createdAt,
    createdByName: createdBy.name,
  }));
  return { rows, page, pageSize, total, pageCount };
}
