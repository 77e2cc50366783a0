import type { Db } from "@/lib/db";

export type TeamMember = {
  id: string;
  name: string;
  email: string;
  role: "OWNER" | "AGENT";
  active: boolean;
  /** No password yet: the agent has not used their set-password link. */
  invited: boolean;
  linkExpiresAt: Date | null;
  createdAt: Date;
};

/** The agents of one agency, owners first, then by name. */
export async function listTeam(db: Db, accountId: string): Promise<TeamMember[]> {
  const users = await db.user.findMany({
    where: { accountId },
    orderBy: [{ role: "asc" }, { name: "asc" }],
    select: { id: true, name: true, email: true, role: true, active: true, passwordHash: true, passwordSetExpiry: true, createdAt: true },
  });
  return users.map(({ passwordHash, passwordSetExpiry, ...u }) => ({ ...u, invited: !passwordHash, linkExpiresAt: passwordSetExpiry }));
}
