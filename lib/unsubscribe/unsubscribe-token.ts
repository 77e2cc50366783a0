import { createHmac, timingSafeEqual } from "node:crypto";

export type UnsubscribeSubject = { accountId: string; customerId: string };

// Domain separation: the same secret may one day sign other things; this tag keeps signatures apart.
const TAG = "blast-unsubscribe-v1";
const ID = /^[A-Za-z0-9_-]{1,64}$/;

function sign(secret: string, payload: string): Buffer {
  return createHmac("sha256", secret).update(`${TAG}\n${payload}`).digest();
}

/**
 * `<base64url(accountId.customerId)>.<base64url(HMAC-SHA256)>`: unguessable without the secret, bound to
 * one customer of one agency, and stable (the same customer always gets the same link, so resending an
 * email under the same idempotency key renders identical bytes). No expiry on purpose: an old email's
 * link must keep working (CAN-SPAM: at least 30 days; in practice, forever).
 */
export function createUnsubscribeToken(secret: string, subject: UnsubscribeSubject): string {
  if (!secret) throw new Error("UNSUBSCRIBE_SECRET is required");
  if (!ID.test(subject.accountId) || !ID.test(subject.customerId)) throw new Error("invalid id for an unsubscribe token");
  const payload = `${subject.accountId}.${subject.customerId}`;
  return `${Buffer.from(payload).toString("base64url")}.${sign(secret, payload).toString("base64url")}`;
}

/** The subject of a genuine token, or null for anything forged, truncated or malformed. */
export function verifyUnsubscribeToken(secret: string, token: string): UnsubscribeSubject | null {
  if (!secret || typeof token !== "string" || token.length > 400) return null;
  const parts = token.split(".");
  if (parts.length !== 2) return null;
  const payload = Buffer.from(parts[0], "base64url").toString("utf8");
  const given = Buffer.from(parts[1], "base64url");
  const expected = sign(secret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const [accountId, customerId, extra] = payload.split(".");
  if (extra !== undefined || !ID.test(accountId ?? "") || !ID.test(customerId ?? "")) return null;
  return { accountId, customerId };
}
