import type { Db } from "@/lib/db";

/**
 * The end of a recipient's check: the delivery joins the provider queue, where a batch claim takes it
 * (urgent blasts' first, then the oldest). Once only: a replayed check finds the row and adds nothing.
 */
export async function queueForProvider(db: Db, deliveryId: string, urgent: boolean): Promise<void> {
  await db.$executeRaw`INSERT INTO "SendQueue" ("deliveryId", "urgent") VALUES (${deliveryId}, ${urgent}) ON CONFLICT DO NOTHING`;
}
