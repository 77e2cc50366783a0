import { deliverySettledKeySql } from "@/lib/activity/dedup-keys";
import type { Db, Tx } from "@/lib/db";
import { logActivity } from "@/lib/activity/log-activity";
import { addCreditEntry } from "@/lib/credits/grant-credit";
import { AGENCY_SUSPENDED } from "@/lib/accounts/assert-agency-can-send";
import { selectionSchema, selectionSql, SKIP_REASON_SQL } from "@/lib/blasts/selection";
import { DELIVERY_SORT_NAME_SQL } from "@/lib/deliveries/delivery-sort-name";

type BlastRow = Awaited<ReturnType<Db["blast"]["findFirstOrThrow"]>>;

export type StartResult =
  | { outcome: "wait"; until: string }
  | { outcome: "stopped"; reason: string }
  | { outcome: "failed"; reason: string }
  | { outcome: "sending"; round: number; pending: number; urgent: boolean };

/**
 * The fan-out's decisive step, in one transaction: claim the blast (only one run can), validate the
 * agency and the agent who sent it, write one Delivery per recipient — distinct by customer (unique
 * blastId+customerId) and by address (customers are unique per normalized email) — and reserve one
 * credit per eligible recipient. Either all of it happens or the blast ends FAILED with a reason and
 * nothing reserved. Rows are written by INSERT … SELECT, so 100,000 recipients never pass through memory.
 */
export async function startBlast(db: Db, ref: { blastId: string; accountId: string }, now = new Date()): Promise<StartResult> {
  const blast = await db.blast.findFirst({ where: { id: ref.blastId, accountId: ref.accountId } });
  if (!blast) return { outcome: "stopped", reason: "blast not found" };
  if (blast.status !== "QUEUED" && blast.status !== "SCHEDULED") return { outcome: "stopped", reason: `blast is ${blast.status}` };
  if (blast.status === "SCHEDULED" && blast.scheduledAt && blast.scheduledAt > now) {
    return { outcome: "wait", until: blast.scheduledAt.toISOString() };
  }
  return db.$transaction((tx) => (blast.retryRound > 0 ? startRetryRound(tx, blast) : startFirstRound(tx, blast)), { timeout: 120_000 });
}

async function fail(tx: Tx, blast: BlastRow, reason: string): Promise<StartResult> {
  await tx.blast.update({ where: { id: blast.id }, data: { status: "FAILED", failureReason: reason, completedAt: new Date() } });
  await logActivity(tx, { accountId: blast.accountId, blastId: blast.id, type: "blast.failed", detail: { reason } });
  return { outcome: "failed", reason };
}

async function startFirstRound(tx: Tx, blast: BlastRow): Promise<StartResult> {
  const claimed = await tx.blast.updateMany({
    where: { id: blast.id, status: { in: ["QUEUED", "SCHEDULED"] }, retryRound: 0 },
    data: { status: "SENDING", startedAt: new Date() },
  });
  if (claimed.count === 0) return { outcome: "stopped", reason: "already started" };

  const account = await tx.account.findUniqueOrThrow({ where: { id: blast.accountId } });
  const sender = await tx.user.findUnique({ where: { id: blast.createdById } });
  if (account.status !== "ACTIVE") return fail(tx, blast, AGENCY_SUSPENDED);
  if (!sender?.active) return fail(tx, blast, "sender deactivated");

  const selection = selectionSchema.parse(blast.selection);
  const where = selectionSql(blast.accountId, selection);
  const [counts] = await tx.$queryRaw<{ total: number; eligible: number }[]>`
    SELECT count(*)::int AS total, count(*) FILTER (WHERE ${SKIP_REASON_SQL} IS NULL)::int AS eligible
    FROM "Customer" c WHERE ${where}`;
  if (counts.total === 0) return fail(tx, blast, "no customers match the chosen recipients");
  if (counts.eligible > account.creditBalance) {
    return fail(tx, blast, `not enough credit: ${counts.eligible} needed, ${account.creditBalance} available`);
  }

  await tx.$executeRaw`
    INSERT INTO "Delivery" ("id", "accountId", "blastId", "customerId", "email", "sortName", "status", "reason", "settledAt", "createdAt", "updatedAt")
    SELECT gen_random_uuid()::text, c."accountId", ${blast.id}, c."id", c."email", ${DELIVERY_SORT_NAME_SQL},
           (CASE WHEN ${SKIP_REASON_SQL} IS NULL THEN 'PENDING' ELSE 'SKIPPED' END)::"DeliveryStatus",
           ${SKIP_REASON_SQL}, CASE WHEN ${SKIP_REASON_SQL} IS NULL THEN NULL ELSE now() END, now(), now()
    FROM "Customer" c WHERE ${where}
    ON CONFLICT ("blastId", "customerId") DO NOTHING`;
  await tx.$executeRaw`
    INSERT INTO "Activity" ("id", "accountId", "type", "customerId", "blastId", "detail", "dedupKey", "at")
    SELECT gen_random_uuid()::text, d."accountId", 'delivery.skipped', d."customerId", d."blastId",
           jsonb_build_object('reason', d."reason"), ${deliverySettledKeySql('d."id"', 0)}, now()
    FROM "Delivery" d WHERE d."blastId" = ${blast.id} AND d."status" = 'SKIPPED'
    ON CONFLICT ("dedupKey") DO NOTHING`;

  if (counts.eligible > 0) {
    const reserved = await addCreditEntry(tx, {
      accountId: blast.accountId,
      delta: -counts.eligible,
      reason: "Blast reservation",
      blastId: blast.id,
    });
    if (!reserved) throw new Error("credit changed during reservation"); // rolls back; the step retries
  }
  const skipped = counts.total - counts.eligible;
  const done = counts.eligible === 0;
  await tx.blast.update({
    where: { id: blast.id },
    data: { recipientCount: counts.total, skippedCount: skipped, ...(done ? { status: "COMPLETED", completedAt: new Date() } : {}) },
  });
  await logActivity(tx, {
    accountId: blast.accountId,
    blastId: blast.id,
    type: done ? "blast.completed" : "blast.started",
    detail: { recipients: counts.total, eligible: counts.eligible, skipped },
  });
  return { outcome: "sending", round: 0, pending: counts.eligible, urgent: blast.priority === "URGENT" };
}

async function startRetryRound(tx: Tx, blast: BlastRow): Promise<StartResult> {
  const claimed = await tx.blast.updateMany({
    where: { id: blast.id, status: "QUEUED", retryRound: blast.retryRound },
    data: { status: "SENDING" },
  });
  if (claimed.count === 0) return { outcome: "stopped", reason: "already started" };
  const failed = await tx.delivery.count({ where: { blastId: blast.id, status: "FAILED" } });
  // A retry requested before a suspension does not go out after it (and reserves nothing).
  const account = await tx.account.findUniqueOrThrow({ where: { id: blast.accountId }, select: { status: true } });
  if (account.status !== "ACTIVE") return endRetry(tx, blast, AGENCY_SUSPENDED);
  const reserved =
    failed > 0 &&
    (await addCreditEntry(tx, { accountId: blast.accountId, delta: -failed, reason: "Retry reservation", blastId: blast.id }));
  if (!reserved) return endRetry(tx, blast, failed > 0 ? `not enough credit to retry ${failed} recipients` : "no failed recipients");
  await tx.delivery.updateMany({
    where: { blastId: blast.id, status: "FAILED" },
    data: { status: "PENDING", reason: null, settledAt: null },
  });
  await tx.blast.update({ where: { id: blast.id }, data: { failedCount: { decrement: failed } } });
  return { outcome: "sending", round: blast.retryRound, pending: failed, urgent: blast.priority === "URGENT" };
}

/** A retry that cannot run leaves the blast as it was (COMPLETED, its failed recipients still FAILED), with the reason. */
async function endRetry(tx: Tx, blast: BlastRow, reason: string): Promise<StartResult> {
  await tx.blast.update({ where: { id: blast.id }, data: { status: "COMPLETED", failureReason: reason, completedAt: new Date() } });
  return { outcome: "failed", reason };
}

/** One page of deliveries still to send, in id order (a stable cursor for chunked event sending). */
export async function listPendingDeliveries(db: Db, blastId: string, afterId: string | null, take: number) {
  return db.delivery.findMany({
    where: { blastId, status: "PENDING", ...(afterId ? { id: { gt: afterId } } : {}) },
    orderBy: { id: "asc" },
    take,
    select: { id: true, customerId: true, accountId: true },
  });
}
