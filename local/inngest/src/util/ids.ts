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

// Random bytes drawn from a pool: one randomBytes call per id was a visible share of per-step CPU.
let pool = Buffer.alloc(0);
let poolAt = 0;
function random10(): Buffer {
  if (poolAt + 10 > pool.length) {
    pool = randomBytes(4096);
    poolAt = 0;
  }
  poolAt += 10;
  return pool.subarray(poolAt - 10, poolAt);
}

// Monotonic within a millisecond (as the ULID spec allows): ids created in the same ms still sort
// in creation order, which the scheduler uses to keep runs first-come first-served.
let lastMs = -1;
let lastRand = 0n;
const MAX80 = (1n << 80n) - 1n;

export function ulid(ms = Date.now()): string {
  if (ms === lastMs && lastRand < MAX80) lastRand += 1n;
  else {
    const b = random10();
    let bits = 0n;
    for (let i = 0; i < 10; i++) bits = (bits << 8n) | BigInt(b[i] ?? 0);
    // Leave headroom so increments within one ms never overflow.
    lastRand = bits >> 1n;
    lastMs = ms;
  }
  return encodeTime(ms) + encodeRandomBits(lastRand);
}

function encodeRandomBits(bits: bigint): string {
  let out = "";
  for (let i = 0; i < 16; i++) {
    out = B32[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return out;
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

// Tokens tell one pending entry from the next; a per-process random prefix keeps them unique across restarts.
const boot = randomBytes(4).toString("hex");
let counter = 0;
export function token(): string {
  return `${boot}${(counter++).toString(36)}`;
}
