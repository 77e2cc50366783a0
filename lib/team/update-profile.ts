import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { logActivity } from "@/lib/activity/log-activity";
import type { Actor } from "@/lib/team/add-agent";

/** An agent renames themselves (the name signs their blasts' test sends and shows in the history). */
export async function updateOwnName(db: Db, actor: Actor, name: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const user = await tx.user.findFirst({ where: { id: actor.userId, accountId: actor.accountId } });
    if (!user) throw new AppError("NOT_FOUND", "Agent not found");
    if (user.name === name) return;
    await tx.user.update({ where: { id: user.id }, data: { name } });
    await logActivity(tx, {
      accountId: actor.accountId,
      type: "user.updated",
      userId: actor.userId,
      detail: { from: user.name, to: name },
    });
  });
}
