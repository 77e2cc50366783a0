import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { logActivity } from "@/lib/activity/log-activity";
import { parseCustomerCsv, type ImportRow, type RejectedRow } from "./parse-customer-csv";
import { forgetTagsInUse } from "@/lib/customers/tags-in-use";

export type ImportPreview = {
  dataRows: number;
  toCreate: number;
  toMerge: number;
  rejected: RejectedRow[];
  sample: Omit<ImportRow, "emailNormalized">[];
  columns: string[];
};

export type ImportReport = { dataRows: number; created: number; merged: number; rejected: RejectedRow[] };

const CHUNK = 2_000;
/** Imports that create at least this many customers refresh the table's statistics (see importCustomers). */
export const ANALYZE_AFTER = 1_000;

/** How many of the file's addresses the account already has (they will be merged, not duplicated). */
async function countExisting(db: Db, accountId: string, rows: ImportRow[]): Promise<number> {
  let existing = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const emails = rows.slice(i, i + CHUNK).map((r) => r.emailNormalized);
    existing += await db.customer.count({ where: { accountId, emailNormalized: { in: emails } } });
  }
  return existing;
}

/** What importing the file would do, without changing anything. */
export async function previewCustomerImport(db: Db, input: { accountId: string; text: string }): Promise<ImportPreview> {
  const parsed = parseCustomerCsv(input.text);
  const existing = await countExisting(db, input.accountId, parsed.rows);
  return {
    dataRows: parsed.dataRows,
    toCreate: parsed.rows.length - existing,
    toMerge: existing,
    rejected: parsed.rejected,
    sample: parsed.rows.slice(0, 10).map(({ emailNormalized: _e, ...r }) => r),
    columns: parsed.columns,
  };
}

/**
 * Imports the good rows of a file in ONE transaction: either every good row is in, or (on any failure)
 * none is. A row whose address the account already has is merged into that customer: a non-empty name
 * or phone replaces the old one, tags are added. Status and opt-outs are never changed by an import —
 * re-importing an old list must not resubscribe someone who opted out.
 */
export async function importCustomers(
  db: Db,
  input: { accountId: string; userId: string; text: string; fileName?: string },
): Promise<ImportReport> {
  const parsed = parseCustomerCsv(input.text);
  if (parsed.rows.length === 0) {
    throw new AppError(
      "INVALID",
      parsed.dataRows === 0
        ? "The file has a header but no customers."
        : "No row of the file can be imported: see the reasons for each row in the preview.",
    );
  }
  let created = 0;
  await db.$transaction(
    async (tx) => {
      for (let i = 0; i < parsed.rows.length; i += CHUNK) {
        const chunk = parsed.rows.slice(i, i + CHUNK);
        // One statement per chunk: the unique (accountId, emailNormalized) index decides insert or merge,
        // so a customer added meanwhile by another agent is merged, never duplicated.
        const result = await tx.$queryRaw<{ inserted: boolean }[]>`
          INSERT INTO "Customer" ("id", "accountId", "firstName", "lastName", "email", "emailNormalized", "phone", "tags", "createdAt", "updatedAt")
          SELECT v.id, ${input.accountId}, v.first, v.last, v.email, v.norm, v.phone,
                 CASE WHEN v.tags = '' THEN ARRAY[]::text[] ELSE string_to_array(v.tags, ',') END, now(), now()
          FROM unnest(${chunk.map(() => randomUUID())}::text[], ${chunk.map((r) => r.firstName)}::text[], ${chunk.map((r) => r.lastName)}::text[],
                      ${chunk.map((r) => r.email)}::text[], ${chunk.map((r) => r.emailNormalized)}::text[], ${chunk.map((r) => r.phone)}::text[],
                      ${chunk.map((r) => r.tags.join(","))}::text[]) AS v(id, first, last, email, norm, phone, tags)
          ON CONFLICT ("accountId", "emailNormalized") DO UPDATE SET
            "firstName" = CASE WHEN EXCLUDED."firstName" <> '' THEN EXCLUDED."firstName" ELSE "Customer"."firstName" END,
            "lastName"  = CASE WHEN EXCLUDED."lastName" <> '' THEN EXCLUDED."lastName" ELSE "Customer"."lastName" END,
            "phone"     = CASE WHEN EXCLUDED."phone" <> '' THEN EXCLUDED."phone" ELSE "Customer"."phone" END,
            "tags"      = ARRAY(SELECT DISTINCT t FROM unnest("Customer"."tags" || EXCLUDED."tags") AS t ORDER BY t),
            "updatedAt" = now()
          RETURNING (xmax = 0) AS inserted`;
        created += result.filter((r) => r.inserted).length;
      }
      await logActivity(tx, {
        accountId: input.accountId,
        userId: input.userId,
        type: "customers.imported",
        detail: {
          fileName: input.fileName ?? null,
          rows: parsed.dataRows,
          created,
          merged: parsed.rows.length - created,
          rejected: parsed.rejected.length,
        },
      });
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
  forgetTagsInUse(input.accountId);
  // PostgreSQL learns of new rows when autovacuum gets round to them, a minute or more later; until then
  // the customer list of an agency that just imported 100,000 was planned as if it had a handful (bench:
  // customers page p50 63 → 35 ms once analyzed). ANALYZE reads a sample (≈ 30,000 rows), whatever the size.
  if (created >= ANALYZE_AFTER) {
    try {
      await db.$executeRawUnsafe('ANALYZE "Customer"');
    } catch (error) {
      console.error("[import] ANALYZE after the import failed; autovacuum will do it", error); // the import is in
    }
  }
  return { dataRows: parsed.dataRows, created, merged: parsed.rows.length - created, rejected: parsed.rejected };
}
