import { createHash, randomBytes } from "node:crypto";

// Crockford base32, as used by ULIDs: ids sort by creation time, which keeps
// listings and the journal readable.
const B32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

const B32CODES = Buffer.from(B32, "latin1");
// Ids are written into one buffer and decoded once: a flat string. Concatenating characters built
// cons-string chains that kept ~10 heap objects alive per id (ids are held by every run in flight).
const idBuf = Buffer.alloc(26);

function writeTime(ms: number): void {
  for (let i = 9; i >= 0; i--) {
    idBuf[i] = B32CODES[ms % 32]!;
    ms = Math.floor(ms / 32);
  }
}

function writeRandomBits(bits: bigint): void {
  for (let i = 25; i >= 10; i--) {
    idBuf[i] = B32CODES[Number(bits & 31n)]!;
    bits >>= 5n;
  }
}

function idFrom(ms: number, bits: bigint): string {
  writeTime(ms);
  writeRandomBits(bits);
  return idBuf.toString("latin1");
}

function bitsOf(bytes: Uint8Array): bigint {
  // 80 bits -> 16 chars of 5 bits each.
  let bits = 0n;
  for (let i = 0; i < 10; i++) bits = (bits << 8n) | BigInt(bytes[i] ?? 0);
  return bits;
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
    const bits = bitsOf(random10());
    // Leave headroom so increments within one ms never overflow.
    lastRand = bits >> 1n;
    lastMs = ms;
  }
  return idFrom(ms, lastRand);
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
  return idFrom(Math.floor(ms), bitsOf(digest));
}

/** A stable id derived from a string, in ULID shape (time part from `ms`). */
export function derivedId(key: string, ms: number): string {
  return idFrom(Math.floor(ms), bitsOf(createHash("sha256").update(key).digest()));
}

// Tokens tell one pending entry from the next; a per-process random prefix keeps them unique across restarts.
const boot = randomBytes(4).toString("hex");
let counter = 0;
export function token(): string {
  return `${boot}${(counter++).toString(36)}`;
}
