-- CreateEnum
CREATE TYPE "ExportStatus" AS ENUM ('PENDING', 'READY', 'FAILED');

-- AlterTable
ALTER TABLE "Blast" ADD COLUMN     "retryRound" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ActivityExport" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "status" "ExportStatus" NOT NULL DEFAULT 'PENDING',
    "filters" JSONB NOT NULL,
    "rowCount" INTEGER NOT NULL DEFAULT 0,
    "csv" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "ActivityExport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ActivityExport_accountId_createdAt_idx" ON "ActivityExport"("accountId", "createdAt");

-- AddForeignKey
ALTER TABLE "ActivityExport" ADD CONSTRAINT "ActivityExport_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;
