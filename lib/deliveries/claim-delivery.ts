import type { Db } from "@/lib/db";

export type Claim = "claimed" | "paused" | "settled";

/**
 * Claims a delivery for sending (PENDING → SENDING) right before the provider call, and only while its
 * blast is SENDING: once an agent cancels or pauses, nothing more is claimed, even before the cancel's
 * settler has reached this delivery. A cancel only settles PENDING deliveries, so claim and cancel
 * exclude each other: a claimed delivery is sent and recorded; a cancelled one is never sent. Already
 * SENDING means an earlier attempt claimed it (and may have sent: the provider's idempotency key makes
 * the resend a no-op). "paused": left PENDING for the resume to send.
 */
export async function claimDelivery(db: Db, ref: { accountId: string; deliveryId: string }): Promise<Claim> {
  const moved = await db.delivery.updateMany({
    where: { id: ref.deliveryId, accountId: ref.accountId, status: "PENDING", blast: { status: "SENDING" } },
    data: { status: "SENDING", attempts: { increment: 1 } },
  });
  if (moved.count === 1) return "claimed";
  const current = await db.delivery.findFirst({
    where: { id: ref.deliveryId, accountId: ref.accountId },
    select: { status: true, blast: { select: { status: true } } },
  });
  if (current?.status === "SENDING") return "claimed";
  if (current?.status === "PENDING" && current.blast.status === "PAUSED") return "paused";
  return "settled";
}
