import type { Db } from "@/lib/db";
import type { Blast, BlastStatus } from "@/lib/generated/prisma/client";
import { outcomeRate } from "@/lib/deliveries/delivery-outcome";

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
  /** What the provider reported later about the sent emails: each sent email under its current outcome. */
  reports: {
    delivered: number;
    delayed: number;
    bounced: number;
    complained: number;
    opened: number;
    clicked: number;
    /** sent, nothing heard yet */ awaiting: number;
  };
  /** Reports as a share of sent, in percent with one decimal; null while nothing was sent. */
  rates: { delivered: number | null; bounced: number | null; complained: number | null; opened: number | null; clicked: number | null };
  failureReason: string | null;
  scheduledAt: string | null;
  startedAt: string | null;
  completedAt: string | null;
  updatedAt: string;
};

const FINAL: BlastStatus[] = ["COMPLETED", "CANCELLED", "FAILED", "DRAFT"];

/**
 * What the blast page shows and polls: the counters the workers and the provider's webhooks keep on the
 * Blast row, nothing scanned (the page polls every 1.5 s while sending, whatever the blast's size).
 */
export function blastProgress(blast: Blast): BlastProgress {
  const settled = blast.sentCount + blast.skippedCount + blast.failedCount + blast.cancelledCount;
  const total = blast.recipientCount;
  const pending = Math.max(0, total - settled);
  const final = FINAL.includes(blast.status);
  const percent = total === 0 ? (final ? 100 : 0) : Math.min(100, Math.floor((settled / total) * 100));
  const sent = blast.sentCount;
  const heard = blast.deliveredCount + blast.delayedCount + blast.bouncedCount + blast.complainedCount;
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
    reports: {
      delivered: blast.deliveredCount,
      delayed: blast.delayedCount,
      bounced: blast.bouncedCount,
      complained: blast.complainedCount,
      opened: blast.openedCount,
      clicked: blast.clickedCount,
      awaiting: Math.max(0, sent - heard),
    },
    rates: {
      delivered: outcomeRate(blast.deliveredCount, sent),
      bounced: outcomeRate(blast.bouncedCount, sent),
      complained: outcomeRate(blast.complainedCount, sent),
      opened: outcomeRate(blast.openedCount, sent),
      clicked: outcomeRate(blast.clickedCount, sent),
    },
    failureReason: blast.failureReason,
    scheduledAt: blast.scheduledAt?.toISOString() ?? null,
    startedAt: blast.startedAt?.toISOString() ?? null,
    completedAt: blast.completedAt?.toISOString() ?? null,
    updatedAt: blast.updatedAt.toISOString(),
  };
}
