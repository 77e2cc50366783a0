import { createHmac, timingSafeEqual } from "node:crypto";

export type SignatureCheck = { ok: true } | { ok: false; status: 400 | 401; reason: string };

export const SVIX_TOLERANCE_SECONDS = 5 * 60;

/**
 * Verifies a Resend webhook the way Svix signs it: HMAC-SHA256 over `${svix-id}.${svix-timestamp}.${body}`
 * with the base64 key after `whsec_`; svix-signature holds one or more space-separated `v1,<base64>`
 * (several during a secret rotation). The timestamp must be within 5 minutes, so a captured request
 * cannot be replayed later; within that window the svix-id / event dedup keys make a replay a no-op.
 * (The svix package needs Node 22, hence this small re-implementation.)
 */
export function verifySvixSignature({
  secret,
  id,
  timestamp,
  signature,
  body,
  now = Date.now(),
  toleranceSeconds = SVIX_TOLERANCE_SECONDS,
}: {
  secret: string;
  id: string | null;
  timestamp: string | null;
  signature: string | null;
  body: string;
  now?: number;
  toleranceSeconds?: number;
}): SignatureCheck {
  if (!id || !timestamp || !signature) return { ok: false, status: 401, reason: "missing signature headers" };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, status: 400, reason: "malformed timestamp" };
  const age = Math.floor(now / 1000) - Number(timestamp);
  if (Math.abs(age) > toleranceSeconds)
    return { ok: false, status: 400, reason: age > 0 ? "timestamp too old" : "timestamp in the future" };
  const key = Buffer.from(secret.startsWith("whsec_") ? secret.slice(6) : secret, "base64");
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest();
  for (const part of signature.split(" ")) {
    const [version, value] = part.split(",", 2);
    if (version !== "v1" || !value) continue;
    const given = Buffer.from(value, "base64");
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  }
  return { ok: false, status: 401, reason: "invalid signature" };
}
