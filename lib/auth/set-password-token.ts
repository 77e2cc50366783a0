import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { hashPassword } from "@/lib/auth/password";
import { logActivity } from "@/lib/activity/log-activity";

/**
 * One-time "set your password" links. The link carries 32 random bytes; only their SHA-256 is stored
 * (User.passwordSetToken), so a copy of the database does not hold usable links. A link lasts 72 h and
 * dies when used, when a new one is issued, or when the agent is deactivated.
 */
export const SET_PASSWORD_TTL_MS = 72 * 60 * 60 * 1000;
export const MIN_PASSWORD_LENGTH = 10;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function hashSetPasswordToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** The page a link opens (APP_URL + token); shown to whoever issued the link and carried by the email. */
export function setPasswordUrl(appUrl: string, token: string): string {
  return `${appUrl.replace(/\/$/, "")}/set-password/${token}`;
}

export function newSetPasswordToken(now = new Date()): { token: string; hash: string; expiry: Date } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashSetPasswordToken(token), expiry: new Date(now.getTime() + SET_PASSWORD_TTL_MS) };
}

export type SetPasswordTarget =
  | { ok: true; user: { id: string; name: string; email: string; accountId: string; accountName: string } }
  | { ok: false; reason: "invalid" | "expired" };

/** What the page shows for a link: whose it is, or why it cannot be used (forged, used and expired look different). */
export async function findSetPasswordTarget(
  db: Db | Prisma.TransactionClient,
  token: string,
  now = new Date(),
): Promise<SetPasswordTarget> {
  if (!TOKEN_PATTERN.test(token)) return { ok: false, reason: "invalid" };
  const user = await db.user.findUnique({ where: { passwordSetToken: hashSetPasswordToken(token) }, include: { account: true } });
  // A suspended agency's agents may still sign in (and so set a password): suspension stops sending only.
  if (!user || !user.active) return { ok: false, reason: "invalid" };
  if (!user.passwordSetExpiry || user.passwordSetExpiry.getTime() <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, user: { id: user.id, name: user.name, email: user.email, accountId: user.accountId, accountName: user.account.name } };
}

export type SetPasswordResult = { ok: true; email: string } | { ok: false; reason: "invalid" | "expired" };

/**
 * Sets the password of the link's agent and spends the link, in one transaction: the token is cleared
 * with a conditional update, so two tabs submitting the same link cannot both succeed. Existing
 * sessions of that user end (sessionVersion bumped): a set-password link also serves as a reset.
 */
export async function setPasswordWithToken(db: Db, token: string, password: string, now = new Date()): Promise<SetPasswordResult> {
  if (password.length < MIN_PASSWORD_LENGTH) throw new Error("password too short (validate before calling)");
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    const target = await findSetPasswordTarget(tx, token, now);
    if (!target.ok) return target;
    const spent = await tx.user.updateMany({
      where: { id: target.user.id, passwordSetToken: hashSetPasswordToken(token) },
      data: { passwordHash, passwordSetToken: null, passwordSetExpiry: null, sessionVersion: { increment: 1 } },
    });
    if (spent.count !== 1) return { ok: false, reason: "invalid" } as const;
    await logActivity(tx, {
      accountId: target.user.accountId,
      type: "user.password_set",
      userId: target.user.id,
      detail: { email: target.user.email },
    });
    return { ok: true, email: target.user.email } as const;
  });
}
