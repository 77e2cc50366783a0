-- The fan-out reads a blast's PENDING deliveries in id order, 5,000 at a time (inngest/emit-pending.ts).
-- On (blastId, status) each read sorted every pending delivery of the blast by id for the next 5,000:
-- 40 ms a read at 100,000 recipients, 20 reads, while the first emails go out (logged by auto_explain).
-- With id in the index the reads come in index order. The other readers of (blastId, status) keep its prefix.
DROP INDEX "Delivery_blastId_status_idx";
CREATE INDEX "Delivery_blastId_status_id_idx" ON "Delivery"("blastId", "status", "id");
