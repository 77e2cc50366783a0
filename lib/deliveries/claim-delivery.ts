import type { Db } from "@/lib/db";

/**
 * Claims a delivery for sending (PENDING → SENDING) right before the provider call. A cancel only
 * settles PENDING deliveries, so claim and cancel exclude each other: a claimed delivery is sent and
 * recorded; a cancelled one is never sent. Already SENDING means an earlier attempt claimed it (and may
 * have sent: the provider's idempotency key makes the resend a no-op).
 */
export async function claimDelivery(db: Db, ref: { accountId: string; deliveryId: string }): Promise<"claimed" | "settled"> {
  const moved = await db.delivery.updateMany({
    where: { id: ref.deliveryId, accountId: ref.accountId, status: "PENDING" },
    data: { status: "SENDING", attempts: { increment: 1 } },
  });
  if (moved.count === 1) return "claimed";
  const current = await db.delivery.findFirst({ where: { id: ref.deliveryId, accountId: ref.accountId }, select: { status: true } });
  return current?.status === "SENDING" ? "claimed" : "settled";
}
