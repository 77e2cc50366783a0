/**
 * Sliding one-second window, like Resend's per-team limit: more than `limit` requests in the last second
 * are refused with 429 and a retry-after. Refused requests do not count (Resend behaves the same).
 */
export class RateLimiter {
  private stamps: number[] = [];

  check(limit: number, now = Date.now()): { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number; resetMs: number } {
    if (limit <= 0) return { ok: true, remaining: Number.POSITIVE_INFINITY };
    while (this.stamps.length && this.stamps[0] <= now - 1000) this.stamps.shift();
    if (this.stamps.length >= limit) {
      const resetMs = this.stamps[0] + 1000 - now;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(resetMs / 1000)), resetMs };
    }
    this.stamps.push(now);
    return { ok: true, remaining: limit - this.stamps.length };
  }
}
