import type { Db } from "@/lib/db";
import type { Blast, BlastStatus } from "@/lib/generated/prisma/client";

export type BlastDetail = Blast & { createdByName: string };

/** A blast of the account, or null — another agency's blast is "not found", never "forbidden". */
export async function getBlast(db: Db, input: { accountId: string; blastId: string }): Promise<BlastDetail | null> {
  const blast = await db.blast.findFirst({
    where: { id: input.blastId, accountId: input.accountId },
    include: { createdBy: { select: { name: true } } },
  });
  if (!blast) return null;
  const { createdBy, ...rest } = blast;
  return { ...rest, createdByName: createdBy.name };
}

export type BlastProgress = {
  id: string;
  status: BlastStatus;
  /** Final: nothing will change any more unless the agent acts (retry). */
  final: boolean;
  total: number;
  sent: number;
  skipped: number;
  failed: number;
  cancelled: number;
  pending: number;
  /** Settled share of the recipients, 0–100 (100 for a finished blast with no recipients). */
  percent: number;
  failureReason: string | null;
  scheduledAt: string | null;
  startedAt: string | null;
  completedAt: string | null;
  updatedAt: string;
};

const FINAL: BlastStatus[] = ["COMPLETED", "CANCELLED", "FAILED", "DRAFT"];

/** What the blast page shows and polls: the counters the workers keep on the Blast row, nothing scanned. */
export function blastProgress(blast: Blast): BlastProgress {
  const settled = blast.sentCount + blast.skippedCount + blast.failedCount + blast.cancelledCount;
  const total = blast.recipientCount;
  const pending = Math.max(0, total - settled);
  const final = FINAL.includes(blast.status);
  const percent = total === 0 ? (final ? 100 : 0) : Math.min(100, Math.floor((settled / total) * 100));
  return {
    id: blast.id,
    status: blast.status,
    final,
    total,
    sent: blast.sentCount,
    skipped: blast.skippedCount,
    failed: blast.failedCount,
    cancelled: blast.cancelledCount,
    pending,
    percent,
    failureReason: blast.failureReason,
    scheduledAt: blast.scheduledAt?.toISOString() ?? null,
    startedAt: blast.startedAt?.toISOString() ?? null,
    completedAt: blast.completedAt?.toISOString() ?? null,
    updatedAt: blast.updatedAt.toISOString(),
  };
}
