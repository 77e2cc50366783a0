import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { ActivityType } from "@/lib/activity/activity-types";

type Writer = PrismaClient | Prisma.TransactionClient;

export type ActivityInput = {
  accountId: string;
  type: ActivityType;
  customerId?: string | null;
  blastId?: string | null;
  userId?: string | null;
  detail?: Prisma.InputJsonValue;
  /** Makes the row once-only: a retried step or a replayed webhook records the same fact once. */
  dedupKey?: string;
};

/** Records one fact in the activity history (inside the caller's transaction when given one). */
export async function logActivity(db: Writer, input: ActivityInput): Promise<void> {
  const data = { ...input, detail: input.detail ?? {} };
  if (!input.dedupKey) {
    await db.activity.create({ data });
    return;
  }
  // One INSERT … ON CONFLICT DO NOTHING (an upsert is a select, an insert and a select).
  await db.activity.createMany({ data: [data], skipDuplicates: true });
}
