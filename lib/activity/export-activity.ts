import type { Db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { AppError, notFound } from "@/lib/errors";
import { enqueueEvent } from "@/lib/outbox/outbox";
import { logActivity } from "./log-activity";
import { activitySelect, activityWhere, type ActivityFilters } from "./list-activity";
import { activityCsvLine, csvLine, EXPORT_HEADER } from "./export-activity-csv";

/** Rows a step reads and appends: small enough for one quick query, far below Inngest's step limits. */
export const EXPORT_PAGE = 5_000;
/** One file stays downloadable in one response; beyond this the agent narrows the dates. */
export const EXPORT_MAX_ROWS = 100_000;
const MAX_PENDING = 3;

export const exportEventId = (exportId: string) => `export:${exportId}`;

/**
 * Records the request and its event in one transaction (the outbox): the export row can never exist
 * without the event that builds it. The caller dispatches `eventIds` after commit.
 */
export async function requestActivityExport(db: Db, input: { accountId: string; userId: string; filters: ActivityFilters }) {
  return db.$transaction(async (tx) => {
    // A filter naming another agency's customer or blast is a wrong id, not an empty file.
    const { customerId, blastId } = input.filters;
    if (customerId && !(await tx.customer.findFirst({ where: { id: customerId, accountId: input.accountId }, select: { id: true } })))
      throw notFound("Customer");
    if (blastId && !(await tx.blast.findFirst({ where: { id: blastId, accountId: input.accountId }, select: { id: true } })))
      throw notFound("Blast");
    const pending = await tx.activityExport.count({ where: { accountId: input.accountId, status: "PENDING" } });
    if (pending >= MAX_PENDING) throw new AppError("LIMIT", `You already have ${pending} exports being prepared. Wait for them to finish.`);
    const row = await tx.activityExport.create({
      data: { accountId: input.accountId, userId: input.userId, filters: input.filters as Prisma.InputJsonValue },
      select: { id: true },
    });
    const eventId = exportEventId(row.id);
    await enqueueEvent(tx, { id: eventId, name: "activity/export.requested", data: { exportId: row.id, accountId: input.accountId } });
    return { exportId: row.id, eventIds: [eventId] };
  });
}

export type ExportProgress = { cursor: { at: string; id: string } | null; rowCount: number; done: boolean };

/**
 * Appends the next page of rows to the export's CSV. Idempotent under step retries: the append only
 * applies if rowCount is still what this page started from, so a page that was written but whose step
 * result was lost is not written twice. Rows are bounded by the export's creation time, so activity
 * that happens while the file is built does not shift the pages.
 */
export async function appendExportPage(
  db: Db,
  input: { accountId: string; exportId: string; progress: ExportProgress },
): Promise<ExportProgress> {
  const exp = await db.activityExport.findFirst({ where: { id: input.exportId, accountId: input.accountId } });
  if (!exp) throw notFound("Export");
  const { cursor, rowCount } = input.progress;
  if (exp.status !== "PENDING") return { cursor, rowCount: exp.rowCount, done: true };
  const where: Prisma.ActivityWhereInput = {
    AND: [activityWhere(input.accountId, exp.filters as ActivityFilters), { at: { lte: exp.createdAt } }],
  };
  if (cursor)
    (where.AND as Prisma.ActivityWhereInput[]).push({
      OR: [{ at: { lt: new Date(cursor.at) } }, { at: new Date(cursor.at), id: { lt: cursor.id } }],
    });
  const take = Math.min(EXPORT_PAGE, EXPORT_MAX_ROWS - rowCount);
  const rows =
    take > 0 ? await db.activity.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], take, select: activitySelect }) : [];
  const chunk = (rowCount === 0 ? csvLine(EXPORT_HEADER) : "") + rows.map(activityCsvLine).join("");
  const next = rowCount + rows.length;
  if (chunk) {
    await db.$executeRaw`UPDATE "ActivityExport" SET "csv" = COALESCE("csv", '') || ${chunk}, "rowCount" = ${next}
      WHERE "id" = ${exp.id} AND "accountId" = ${input.accountId} AND "rowCount" = ${rowCount} AND "status" = 'PENDING'
        AND (${rowCount} > 0 OR "csv" IS NULL)`;
  }
  const last = rows[rows.length - 1];
  return {
    cursor: last ? { at: last.at.toISOString(), id: last.id } : cursor,
    rowCount: next,
    done: rows.length < take || next >= EXPORT_MAX_ROWS,
  };
}

/** READY + the activity line, once (dedupKey) however often the step runs. */
export async function finishExport(db: Db, input: { accountId: string; exportId: string }): Promise<{ rowCount: number }> {
  return db.$transaction(async (tx) => {
    const exp = await tx.activityExport.findFirst({ where: { id: input.exportId, accountId: input.accountId } });
    if (!exp) throw notFound("Export");
    if (exp.status === "PENDING") {
      const truncated = exp.rowCount >= EXPORT_MAX_ROWS;
      await tx.activityExport.update({
        where: { id: exp.id },
        data: {
          status: "READY",
          completedAt: new Date(),
          error: truncated ? `Only the newest ${EXPORT_MAX_ROWS.toLocaleString("en-US")} rows; narrow the dates for the rest.` : null,
        },
      });
    }
    await logActivity(tx, {
      accountId: input.accountId,
      userId: exp.userId,
      type: "activity.exported",
      detail: { rows: exp.rowCount },
      dedupKey: `export:${exp.id}:ready`,
    });
    return { rowCount: exp.rowCount };
  });
}

export async function failExport(db: Db, input: { accountId: string; exportId: string; error: string }): Promise<void> {
  await db.activityExport.updateMany({
    where: { id: input.exportId, accountId: input.accountId, status: "PENDING" },
    data: { status: "FAILED", completedAt: new Date(), csv: null, error: "The export could not be prepared. Please try again." },
  });
  console.error("[activity-export] failed", input.exportId, input.error);
}

/** The export list of the page: without the CSV itself. */
export async function listExports(db: Db, accountId: string, limit = 5) {
  return db.activityExport.findMany({
    where: { accountId },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { id: true, status: true, rowCount: true, createdAt: true, completedAt: true, error: true, filters: true },
  });
}

/** A READY export of the account, for download; anything else is "not found". */
export async function getExportCsv(db: Db, input: { accountId: string; exportId: string }) {
  const exp = await db.activityExport.findFirst({
    where: { id: input.exportId, accountId: input.accountId, status: "READY" },
    select: { csv: true, createdAt: true },
  });
  if (!exp) throw notFound("Export");
  return { csv: exp.csv ?? csvLine(EXPORT_HEADER), createdAt: exp.createdAt };
}
