import { createHash, randomBytes } from "node:crypto";

// Crockford base32, as used by ULIDs: ids sort by creation time, which keeps
// listings and the journal readable.
const B32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function encodeTime(ms: number): string {
  let out = "";
  for (let i = 0; i < 10; i++) {
    out = B32[ms % 32] + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

function encodeRandom(bytes: Uint8Array): string {
  // 80 bits -> 16 chars of 5 bits each.
  let bits = 0n;
  for (let i = 0; i < 10; i++) bits = (bits << 8n) | BigInt(bytes[i] ?? 0);
  let out = "";
  for (let i = 0; i < 16; i++) {
    out = B32[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return out;
}

export function ulid(ms = Date.now()): string {
  return encodeTime(ms) + encodeRandom(randomBytes(10));
}

/**
 * Ids derived from the SDK's `x-inngest-event-id-seed` ("<ms>,<base64 entropy>"): the SDK retries a
 * send with the same seed, so deriving ids from it makes a retried send land on the same ids and
 * be deduplicated instead of starting runs twice.
 */
export function seededEventId(seed: string, index: number): string | undefined {
  const [msRaw, entropy] = seed.split(",");
  const ms = Number(msRaw);
  if (!Number.isFinite(ms) || ms <= 0 || !entropy) return undefined;
  const digest = createHash("sha256").update(`${entropy}:${index}`).digest();
  return encodeTime(Math.floor(ms)) + encodeRandom(digest);
}

/** A stable id derived from a string, in ULID shape (time part from `ms`). */
export function derivedId(key: string, ms: number): string {
  return encodeTime(Math.floor(ms)) + encodeRandom(createHash("sha256").update(key).digest());
}

export function token(): string {
  return randomBytes(6).toString("base64url");
}
