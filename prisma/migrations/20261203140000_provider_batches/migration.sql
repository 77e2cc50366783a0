-- CreateEnum
CREATE TYPE "ProviderBatchStatus" AS ENUM ('SENDING', 'SENT', 'FAILED');

-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "batchId" TEXT;

-- CreateTable
CREATE TABLE "SendQueue" (
    "deliveryId" TEXT NOT NULL,
    "urgent" BOOLEAN NOT NULL DEFAULT false,
    "readyAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SendQueue_pkey" PRIMARY KEY ("deliveryId")
);

-- CreateTable
CREATE TABLE "ProviderBatch" (
    "id" TEXT NOT NULL,
    "status" "ProviderBatchStatus" NOT NULL DEFAULT 'SENDING',
    "urgent" BOOLEAN NOT NULL DEFAULT false,
    "size" INTEGER NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "ProviderBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProviderPace" (
    "id" TEXT NOT NULL,
    "stamps" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "ProviderPace_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SendQueue_urgent_readyAt_idx" ON "SendQueue"("urgent" DESC, "readyAt");

-- CreateIndex
CREATE INDEX "Delivery_batchId_idx" ON "Delivery"("batchId");

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "ProviderBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SendQueue" ADD CONSTRAINT "SendQueue_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "Delivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;
