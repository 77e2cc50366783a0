import type { Db } from "@/lib/db";

/**
 * Slows down password guessing: after FREE_FAILURES failed sign-ins for one key (an address, or an IP),
 * further attempts for that key are refused until a lock that doubles with each failure (capped) has
 * passed. A success clears the address's counter. Kept in the database so it holds across processes.
 */
export const FREE_FAILURES = 5;
const BASE_LOCK_MS = 30_000;
const MAX_LOCK_MS = 15 * 60_000;
/** Failures older than this are forgotten. */
const WINDOW_MS = 60 * 60_000;

export function lockMs(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(MAX_LOCK_MS, BASE_LOCK_MS * 2 ** (failures - FREE_FAILURES));
}

export function throttleKeys(email: string, ip: string | null): string[] {
  const keys = [`email:${email.trim().toLowerCase()}`];
  if (ip) keys.push(`ip:${ip}`);
  return keys;
}

/** Seconds the caller must still wait, 0 when an attempt is allowed now. */
export async function secondsLocked(db: Db, keys: string[], now = new Date()): Promise<number> {
  const rows = await db.loginAttempt.findMany({ where: { key: { in: keys } } });
  let wait = 0;
  for (const row of rows) {
    if (now.getTime() - row.lastFailure.getTime() > WINDOW_MS) continue;
    // IPs are shared (offices, NAT): they get a larger free allowance than one address.
    const failures = row.key.startsWith("ip:") ? row.failures - 4 * FREE_FAILURES : row.failures;
    const until = row.lastFailure.getTime() + lockMs(failures);
    wait = Math.max(wait, Math.ceil((until - now.getTime()) / 1000));
  }
  return wait;
}

export async function recordFailure(db: Db, keys: string[], now = new Date()): Promise<void> {
  for (const key of keys) {
    const row = await db.loginAttempt.findUnique({ where: { key } });
    const stale = row && now.getTime() - row.lastFailure.getTime() > WINDOW_MS;
    await db.loginAttempt.upsert({
      where: { key },
      create: { key, failures: 1, lastFailure: now },
      update: { failures: stale ? 1 : { increment: 1 }, lastFailure: now },
    });
  }
}

export async function clearFailures(db: Db, email: string): Promise<void> {
  await db.loginAttempt.deleteMany({ where: { key: `email:${email.trim().toLowerCase()}` } });
}
