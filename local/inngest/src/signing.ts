import { createHash, createHmac, timingSafeEqual } from "node:crypto";

// Signing as the SDK verifies it (inngest/components/InngestCommHandler.js + helpers/net.js):
// HMAC-SHA256 keyed with the signing key *without* its `signkey-<env>-` prefix (the hex text used
// as-is, not decoded), over `<canonical JSON body><unix seconds>`, sent as `t=<unix>&s=<hex>`.

const PREFIX = /^signkey-[\w]+-/;

export function stripKeyPrefix(key: string): string {
  return key.replace(PREFIX, "");
}

export function signBody(body: string, signingKey: string, nowMs = Date.now()): string {
  const ts = Math.round(nowMs / 1000).toString();
  const mac = createHmac("sha256", stripKeyPrefix(signingKey)).update(body).update(ts).digest("hex");
  return `t=${ts}&s=${mac}`;
}

/**
 * The SDK authenticates its register call with `Authorization: Bearer <hashed key>`, where the hashed
 * key keeps the prefix and replaces the hex part by sha256 of its decoded bytes.
 */
export function hashSigningKey(key: string): string {
  const prefix = key.match(PREFIX)?.[0] ?? "";
  return (
    prefix +
    createHash("sha256")
      .update(Buffer.from(stripKeyPrefix(key), "hex"))
      .digest("hex")
  );
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Accepts the register call's bearer token for any of the configured keys (current + fallback). */
export function checkBearer(header: string | undefined, keys: string[]): boolean {
  const got = header?.replace(/^Bearer\s+/i, "").trim();
  if (!got) return false;
  return keys.some((k) => safeEqual(got, hashSigningKey(k)));
}

/** Verifies a `t=…&s=…` signature over `body` (used for the SDK's signed responses and in tests). */
export function verifySignature(header: string | undefined, body: string, keys: string[], nowMs = Date.now()): boolean {
  if (!header) return false;
  const params = new URLSearchParams(header);
  const t = params.get("t");
  const s = params.get("s");
  if (!t || !s) return false;
  if (Math.abs(nowMs - Number(t) * 1000) > 5 * 60_000) return false;
  return keys.some((k) => safeEqual(createHmac("sha256", stripKeyPrefix(k)).update(body).update(t).digest("hex"), s));
}
