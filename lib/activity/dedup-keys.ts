import { Prisma } from "@/lib/generated/prisma/client";

/**
 * The Activity dedup key of a delivery's settlement in a round: one "sent/skipped/failed/cancelled" row
 * per delivery and round, however often a settlement is replayed. Written from TypeScript (one delivery)
 * and from SQL (a whole blast at once), so both forms are here.
 */
export const deliverySettledKey = (deliveryId: string, round: number) => `delivery:${deliveryId}:${round}:settled`;

/** The same key in SQL, for `idColumn` (e.g. `c."id"`) of each row; the round a number or a column (`b."retryRound"`). */
export const deliverySettledKeySql = (idColumn: string, round: number | { column: string }) =>
  Prisma.sql`'delivery:' || ${Prisma.raw(idColumn)} || ':' || ${typeof round === "number" ? round : Prisma.raw(round.column)}::text || ':settled'`;
