-- Delivery outcomes: the provider's later word on each sent email (webhooks), and per-blast counters of it.

-- CreateEnum
CREATE TYPE "DeliveryOutcome" AS ENUM ('DELAYED', 'DELIVERED', 'BOUNCED', 'COMPLAINED');

-- AlterTable
ALTER TABLE "Blast" ADD COLUMN     "bouncedCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "clickedCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "complainedCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "delayedCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "deliveredCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "openedCount" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "clickedAt" TIMESTAMP(3),
ADD COLUMN     "openedAt" TIMESTAMP(3),
ADD COLUMN     "outcome" "DeliveryOutcome",
ADD COLUMN     "outcomeAt" TIMESTAMP(3),
ADD COLUMN     "outcomeDetail" TEXT;

-- CreateIndex
CREATE INDEX "Delivery_blastId_outcome_idx" ON "Delivery"("blastId", "outcome");

-- Backfill: reports received before this migration exist only as Activity rows (one per email and event
-- type, detail.deliveryId); each delivery takes the highest-ranked one, then each blast counts them.
UPDATE "Delivery" AS d
SET "outcome" = r."outcome",
    "outcomeAt" = r."at",
    "outcomeDetail" = r."detail"
FROM (
  SELECT DISTINCT ON (a."detail"->>'deliveryId')
         a."detail"->>'deliveryId' AS "deliveryId",
         a."accountId",
         (CASE a."type" WHEN 'email.complained' THEN 'COMPLAINED' WHEN 'email.bounced' THEN 'BOUNCED' ELSE 'DELIVERED' END)::"DeliveryOutcome" AS "outcome",
         a."at",
         NULLIF(concat_ws(' / ', a."detail"->'bounce'->>'type', a."detail"->'bounce'->>'subType', a."detail"->'bounce'->>'message'), '') AS "detail"
  FROM "Activity" AS a
  WHERE a."type" IN ('email.delivered', 'email.bounced', 'email.complained')
    AND a."detail"->>'deliveryId' IS NOT NULL
  ORDER BY a."detail"->>'deliveryId',
           CASE a."type" WHEN 'email.complained' THEN 3 WHEN 'email.bounced' THEN 2 ELSE 1 END DESC,
           a."at" DESC
) AS r
WHERE d."id" = r."deliveryId" AND d."accountId" = r."accountId";

UPDATE "Blast" AS b
SET "deliveredCount" = c."delivered",
    "bouncedCount" = c."bounced",
    "complainedCount" = c."complained"
FROM (
  SELECT "blastId",
         count(*) FILTER (WHERE "outcome" = 'DELIVERED')::int AS "delivered",
         count(*) FILTER (WHERE "outcome" = 'BOUNCED')::int AS "bounced",
         count(*) FILTER (WHERE "outcome" = 'COMPLAINED')::int AS "complained"
  FROM "Delivery"
  WHERE "outcome" IS NOT NULL
  GROUP BY "blastId"
) AS c
WHERE b."id" = c."blastId";
