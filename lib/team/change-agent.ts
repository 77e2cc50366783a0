import type { Db, Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { logActivity } from "@/lib/activity/log-activity";
import type { Actor } from "@/lib/team/add-agent";

/**
 * Locks the agency's active owners for the rest of the transaction. Two owners demoting each other at
 * the same moment would otherwise each see "one other owner left" and leave the agency with none.
 */
async function lockActiveOwners(tx: Tx, accountId: string): Promise<string[]> {
  const rows = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM "User" WHERE "accountId" = ${accountId} AND role = 'OWNER' AND active = true FOR UPDATE`;
  return rows.map((r) => r.id);
}

async function findAgent(tx: Tx, actor: Actor, agentId: string) {
  const agent = await tx.user.findFirst({ where: { id: agentId, accountId: actor.accountId } });
  if (!agent) throw new AppError("NOT_FOUND", "Agent not found");
  return agent;
}

const LAST_OWNER = "Your agency needs at least one active owner: make another agent an owner first.";

export async function changeAgentRole(db: Db, actor: Actor, agentId: string, role: "OWNER" | "AGENT"): Promise<{ changed: boolean }> {
  return db.$transaction(async (tx) => {
    const owners = await lockActiveOwners(tx, actor.accountId);
    const agent = await findAgent(tx, actor, agentId);
    if (agent.role === role) return { changed: false };
    if (agent.role === "OWNER" && agent.active && owners.filter((id) => id !== agent.id).length === 0)
      throw new AppError("CONFLICT", LAST_OWNER);
    await tx.user.update({ where: { id: agent.id }, data: { role } });
    await logActivity(tx, {
      accountId: actor.accountId,
      type: "user.role_changed",
      userId: actor.userId,
      detail: { agent: agent.name, email: agent.email, from: agent.role, to: role },
    });
    return { changed: true };
  });
}

/**
 * Deactivation ends the agent's sessions at their next request (sessionVersion bumped), kills an unused
 * set-password link, and makes their blasts that have not started yet fail with "sender deactivated"
 * (the fan-out checks the creator). Reactivation lets them sign in again with their old password.
 */
export async function setAgentActive(db: Db, actor: Actor, agentId: string, active: boolean): Promise<{ changed: boolean }> {
  return db.$transaction(async (tx) => {
    const owners = await lockActiveOwners(tx, actor.accountId);
    const agent = await findAgent(tx, actor, agentId);
    if (agent.active === active) return { changed: false };
    if (!active && agent.role === "OWNER" && owners.filter((id) => id !== agent.id).length === 0)
      throw new AppError("CONFLICT", LAST_OWNER);
    await tx.user.update({
      where: { id: agent.id },
      data: active
        ? { active: true }
        : { active: false, sessionVersion: { increment: 1 }, passwordSetToken: null, passwordSetExpiry: null },
    });
    await logActivity(tx, {
      accountId: actor.accountId,
      type: active ? "user.reactivated" : "user.deactivated",
      userId: actor.userId,
      detail: { agent: agent.name, email: agent.email },
    });
    return { changed: true };
  });
}
