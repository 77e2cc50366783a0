import type { Db } from "@/lib/db";

export type Tenant = {
  accountId: string;
  userId: string;
  role: "OWNER" | "AGENT";
  user: { id: string; name: string; email: string };
  /** suspended: agents read everything but cannot send (the dashboard says so). */
  account: { id: string; name: string; creditBalance: number; timeZone: string; suspended: boolean };
};

export type SessionClaims = { userId?: string; accountId?: string; sessionVersion?: number };

/**
 * Turns the claims of a session into the tenant context of a request, re-read from the database each
 * time: a deactivated agent or a session ended elsewhere (sessionVersion bumped by sign-out or
 * deactivation) stops working at the very next request. null = treat as signed out. A suspended agency's
 * agents keep their sessions: suspension stops sending, not reading.
 */
export async function loadTenant(db: Db, claims: SessionClaims | null | undefined): Promise<Tenant | null> {
  if (!claims?.userId || !claims.accountId) return null;
  const user = await db.user.findFirst({
    where: { id: claims.userId, accountId: claims.accountId },
    include: { account: true },
  });
  if (!user || !user.active) return null;
  if (user.sessionVersion !== (claims.sessionVersion ?? 0)) return null;
  return {
    accountId: user.accountId,
    userId: user.id,
    role: user.role,
    user: { id: user.id, name: user.name, email: user.email },
    account: {
      id: user.account.id,
      name: user.account.name,
      creditBalance: user.account.creditBalance,
      timeZone: user.account.timeZone,
      suspended: user.account.status === "SUSPENDED",
    },
  };
}

/** Ends every session of a user (sign-out, deactivation, password change). */
export async function endSessions(db: Db, userId: string): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}
