-- AlterEnum
ALTER TYPE "BlastStatus" ADD VALUE 'PAUSED' BEFORE 'COMPLETED';

-- AlterTable
ALTER TABLE "Blast" ADD COLUMN     "pausedAt" TIMESTAMP(3),
ADD COLUMN     "pausedFrom" "BlastStatus",
ADD COLUMN     "resumeCount" INTEGER NOT NULL DEFAULT 0;
