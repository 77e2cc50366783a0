import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { logActivity } from "@/lib/activity/log-activity";
import { newSetPasswordToken } from "@/lib/auth/set-password-token";

export type Actor = { accountId: string; userId: string };
export type NewAgent = { name: string; email: string; role: "OWNER" | "AGENT" };
export type IssuedLink = { agentId: string; email: string; name: string; token: string; expiresAt: Date };

/**
 * Adds an agent with no password and a one-time set-password link. The raw token is returned once (the
 * owner sees it, the email carries it) and never stored. Email addresses are unique across Blast: an
 * address in use by any agency answers the same "already in use", without saying which agency.
 */
export async function addAgent(db: Db, actor: Actor, input: NewAgent): Promise<IssuedLink> {
  const email = input.email.trim().toLowerCase();
  const link = newSetPasswordToken();
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          accountId: actor.accountId,
          email,
          name: input.name.trim(),
          role: input.role,
          passwordSetToken: link.hash,
          passwordSetExpiry: link.expiry,
        },
      });
      await logActivity(tx, {
        accountId: actor.accountId,
        type: "user.created",
        userId: actor.userId,
        detail: { agent: user.name, email, role: user.role },
      });
      return { agentId: user.id, email, name: user.name, token: link.token, expiresAt: link.expiry };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("CONFLICT", "That email address is already in use by a Blast login.");
    }
    throw error;
  }
}

/** A new link for an agent who has not set a password yet (the old one, if any, stops working). */
export async function reissueSetPasswordLink(db: Db, actor: Actor, agentId: string): Promise<IssuedLink> {
  const link = newSetPasswordToken();
  return db.$transaction(async (tx) => {
    const agent = await tx.user.findFirst({ where: { id: agentId, accountId: actor.accountId } });
    if (!agent) throw new AppError("NOT_FOUND", "Agent not found");
    if (!agent.active) throw new AppError("INVALID", "Reactivate this agent before sending a new link.");
    if (agent.passwordHash) throw new AppError("INVALID", "This agent has already set a password.");
    await tx.user.update({ where: { id: agent.id }, data: { passwordSetToken: link.hash, passwordSetExpiry: link.expiry } });
    await logActivity(tx, {
      accountId: actor.accountId,
      type: "user.link_issued",
      userId: actor.userId,
      detail: { agent: agent.name, email: agent.email },
    });
    return { agentId: agent.id, email: agent.email, name: agent.name, token: link.token, expiresAt: link.expiry };
  });
}
