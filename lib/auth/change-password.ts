import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/set-password-token";
import { logActivity } from "@/lib/activity/log-activity";

export type PasswordChange = { currentPassword: string; newPassword: string };

/**
 * An agent changes their own password. The current one is required (a borrowed unlocked laptop must not
 * be enough to take the account over), and every session of theirs ends — including this one, which the
 * caller re-signs-in with the new password. Returns the new session version.
 */
export async function changePassword(
  db: Db,
  actor: { accountId: string; userId: string },
  change: PasswordChange,
): Promise<{ email: string; sessionVersion: number }> {
  const user = await db.user.findFirst({ where: { id: actor.userId, accountId: actor.accountId, active: true } });
  if (!user) throw new AppError("NOT_FOUND", "Agent not found");
  if (!(await verifyPassword(change.currentPassword, user.passwordHash)))
    throw new AppError("INVALID", "Your current password is not right.");
  if (change.newPassword.length < MIN_PASSWORD_LENGTH) throw new AppError("INVALID", `Use at least ${MIN_PASSWORD_LENGTH} characters.`);
  if (change.newPassword === change.currentPassword) throw new AppError("INVALID", "Choose a password different from the current one.");
  const passwordHash = await hashPassword(change.newPassword);
  return db.$transaction(async (tx) => {
    // Conditional on the hash read above: a concurrent change from another session wins once, not twice.
    const updated = await tx.user.updateMany({
      where: { id: user.id, accountId: actor.accountId, passwordHash: user.passwordHash },
      data: { passwordHash, sessionVersion: { increment: 1 }, passwordSetToken: null, passwordSetExpiry: null },
    });
    if (updated.count !== 1) throw new AppError("CONFLICT", "Your password was changed elsewhere just now. Sign in again.");
    await logActivity(tx, { accountId: actor.accountId, type: "user.password_changed", userId: user.id, detail: { email: user.email } });
    const after = await tx.user.findUniqueOrThrow({ where: { id: user.id }, select: { sessionVersion: true } });
    return { email: user.email, sessionVersion: after.sessionVersion };
  });
}
