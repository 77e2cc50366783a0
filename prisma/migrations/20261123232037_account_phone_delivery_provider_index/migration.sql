-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "phone" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "Delivery_providerMessageId_idx" ON "Delivery"("providerMessageId");
