import { z } from "zod";
import type { Db } from "@/lib/db";
import { DUMMY_HASH, verifyPassword } from "@/lib/auth/password";
import { clearFailures, recordFailure, secondsLocked, throttleKeys } from "@/lib/auth/login-throttle";

export const credentialsSchema = z.object({
  email: z.email("Enter a valid email address").max(254),
  password: z.string().min(1, "Enter your password").max(200),
});

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  accountId: string;
  role: "OWNER" | "AGENT";
  sessionVersion: number;
};

export type VerifyResult =
  { ok: true; user: SessionUser } | { ok: false; code: "invalid" | "throttled" | "inactive"; retryAfterSeconds?: number };

/**
 * Checks an email + password. Unknown address and wrong password answer the same ("invalid") and take
 * the same time, so the form does not reveal who has an account.
 */
export async function verifyCredentials(db: Db, input: unknown, ip: string | null): Promise<VerifyResult> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, code: "invalid" };
  const email = parsed.data.email.trim().toLowerCase();
  const keys = throttleKeys(email, ip);

  const wait = await secondsLocked(db, keys);
  if (wait > 0) return { ok: false, code: "throttled", retryAfterSeconds: wait };

  const user = await db.user.findUnique({ where: { email }, include: { account: true } });
  const passwordOk = await verifyPassword(parsed.data.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !passwordOk) {
    await recordFailure(db, keys);
    return { ok: false, code: "invalid" };
  }
  // A suspended agency's agents still sign in and read; suspension stops sending (lib/accounts/assert-agency-can-send.ts).
  if (!user.active) return { ok: false, code: "inactive" };

  await clearFailures(db, email);
  return {
    ok: true,
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      accountId: user.accountId,
      role: user.role,
      sessionVersion: user.sessionVersion,
    },
  };
}
