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
  // One statement: every page and action starts here (Prisma's include is a second query).
  const [row] = await db.$queryRaw<TenantRow[]>`
    SELECT u."id", u."accountId", u."email", u."name", u."role"::text AS "role", u."active", u."sessionVersion",
           a."name" AS "accountName", a."creditBalance", a."timeZone", a."status"::text AS "accountStatus"
    FROM "User" u JOIN "Account" a ON a."id" = u."accountId"
    WHERE u."id" = ${claims.userId} AND u."accountId" = ${claims.accountId}`;
  if (!row || !row.active) return null;
  if (row.sessionVersion !== (claims.sessionVersion ?? 0)) return null;
  return {
    accountId: row.accountId,
    userId: row.id,
    role: row.role,
    user: { id: row.id, name: row.name, email: row.email },
    account: {
      id: row.accountId,
      name: row.accountName,
      creditBalance: row.creditBalance,
      timeZone: row.timeZone,
      suspended: row.accountStatus === "SUSPENDED",
    },
  };
}

type TenantRow = {
  id: string;
  accountId: string;
  email: string;
  name: string;
  role: Tenant["role"];
  active: boolean;
  sessionVersion: number;
  accountName: string;
  creditBalance: number;
  timeZone: string;
  accountStatus: string;
};

/** Ends every session of a user (sign-out, deactivation, password change). */
export async function endSessions(db: Db, userId: string): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}
