import { Prisma, type DeliveryOutcome, type PrismaClient } from "@/lib/generated/prisma/client";
import { counterDeltas, OUTCOME_RANK, type ProviderReport } from "./delivery-outcome";

type Db = Pick<PrismaClient, "delivery" | "$queryRaw">;
export type DeliveryRef = { accountId: string; deliveryId: string };

// The rank of the stored outcome, spelled in SQL from the same table the TypeScript rule uses.
const RANK_OF_STORED = Prisma.raw(
  `(CASE "outcome" ${Object.entries(OUTCOME_RANK)
    .map(([o, r]) => `WHEN '${o}' THEN ${r}`)
    .join(" ")} ELSE 0 END)`,
);
const FIRST_SEEN = {
  opened: { column: '"openedAt"', counter: '"openedCount"' },
  clicked: { column: '"clickedAt"', counter: '"clickedCount"' },
} as const;
// Another report of the same delivery landing between our read and our write: read again and retry.
// The stored outcome only ever moves up in rank (at most 4 moves), so 5 attempts always suffice.
const MAX_ATTEMPTS = 5;

// Timestamps go in as UTC text cast to timestamp (the columns are UTC without a zone, as Prisma writes
// them), so the comparison never depends on the session's time zone.
const ts = (d: Date) => Prisma.sql`CAST(${d.toISOString()} AS timestamp(3))`;

/**
 * Records one provider report on a delivery of the account. Returns whether anything changed: a
 * duplicate, or an outcome that ranks lower than (or equal and older than) the stored one, changes nothing.
 *
 * Each write is one statement that moves the delivery and, only if it moved, the blast's counters —
 * so the counters always equal the deliveries they count, under redelivery and in any order.
 */
export async function recordDeliveryOutcome(db: Db, ref: DeliveryRef, report: ProviderReport): Promise<boolean> {
  if (report.kind === "outcome") return recordOutcome(db, ref, report);
  return recordFirstSeen(db, ref, report.kind, report.at);
}

async function recordOutcome(
  db: Db,
  ref: DeliveryRef,
  report: { outcome: DeliveryOutcome; at: Date; detail?: string | null },
): Promise<boolean> {
  const rank = OUTCOME_RANK[report.outcome];
  const detail = report.detail?.slice(0, 500) ?? null;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await db.delivery.findFirst({ where: { id: ref.deliveryId, accountId: ref.accountId }, select: { outcome: true } });
    if (!current) return false;
    // Counter moves depend on the outcome being replaced; the UPDATE only matches while it is still that
    // one (compare-and-set), and the rank condition on the row itself decides whether to replace it.
    const deltas = Object.entries(counterDeltas(current.outcome, report.outcome)).map(
      ([col, d]) => Prisma.sql`${Prisma.raw(`"${col}"`)} = ${Prisma.raw(`"${col}"`)} + ${d}`,
    );
    const moved = await db.$queryRaw<{ id: string }[]>`
      WITH moved AS (
        UPDATE "Delivery"
        SET "outcome" = CAST(${report.outcome} AS "DeliveryOutcome"), "outcomeAt" = ${ts(report.at)}, "outcomeDetail" = ${detail}, "updatedAt" = now()
        WHERE "id" = ${ref.deliveryId} AND "accountId" = ${ref.accountId}
          AND "outcome" IS NOT DISTINCT FROM CAST(${current.outcome} AS "DeliveryOutcome")
          AND (${RANK_OF_STORED} < ${rank} OR (${RANK_OF_STORED} = ${rank} AND "outcomeAt" < ${ts(report.at)}))
        RETURNING "blastId"
      )
      UPDATE "Blast" SET ${Prisma.join([...deltas, Prisma.sql`"updatedAt" = now()`])}
      FROM moved WHERE "Blast"."id" = moved."blastId" AND "Blast"."accountId" = ${ref.accountId}
      RETURNING "Blast"."id"`;
    if (moved.length > 0) return true;
    const now = await db.delivery.findFirst({ where: { id: ref.deliveryId, accountId: ref.accountId }, select: { outcome: true } });
    // Unchanged underneath us: the report simply does not supersede what is stored.
    if (!now || now.outcome === current.outcome) return false;
  }
  throw new Error(`delivery ${ref.deliveryId}: outcome kept changing while recording ${report.outcome}`);
}

/** Opened/clicked keep the earliest time reported; the blast counts the delivery the first time only. */
async function recordFirstSeen(db: Db, ref: DeliveryRef, kind: "opened" | "clicked", at: Date): Promise<boolean> {
  const { column, counter } = FIRST_SEEN[kind];
  const col = Prisma.raw(column);
  const first = await db.$queryRaw<{ id: string }[]>`
    WITH first AS (
      UPDATE "Delivery" SET ${col} = ${ts(at)}, "updatedAt" = now()
      WHERE "id" = ${ref.deliveryId} AND "accountId" = ${ref.accountId} AND ${col} IS NULL
      RETURNING "blastId"
    )
    UPDATE "Blast" SET ${Prisma.raw(`${counter} = ${counter} + 1`)}, "updatedAt" = now()
    FROM first WHERE "Blast"."id" = first."blastId" AND "Blast"."accountId" = ${ref.accountId}
    RETURNING "Blast"."id"`;
  if (first.length > 0) return true;
  // Seen before: an earlier event arriving late still moves the time back (no counter change).
  const earlier = await db.$queryRaw<{ id: string }[]>`
    UPDATE "Delivery" SET ${col} = ${ts(at)}, "updatedAt" = now()
    WHERE "id" = ${ref.deliveryId} AND "accountId" = ${ref.accountId} AND ${col} > ${ts(at)}
    RETURNING "id"`;
  return earlier.length > 0;
}
