-- The recipient table sorts a blast's deliveries by customer name. Sorting joined rows per view cost a
-- sort of every delivery of the blast (100,000 at a time); a name kept on the delivery and indexed with
-- the blast reads a page in index order.
ALTER TABLE "Delivery" ADD COLUMN "sortName" TEXT NOT NULL DEFAULT '';

UPDATE "Delivery" d SET "sortName" = c."lastName" || ' ' || c."firstName"
FROM "Customer" c WHERE c."id" = d."customerId";

CREATE INDEX "Delivery_blastId_sortName_id_idx" ON "Delivery"("blastId", "sortName", "id");
