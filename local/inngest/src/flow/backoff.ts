// Retry delays shaped like the real server's table (15 s, 30 s, 1 m, 2 m, 5 m … up to 2 h) plus
// 0–30 s of jitter so a burst of failures does not retry in lockstep. `scale` is the executor's
// time scale; `retry-after` (whole seconds) wins over the table when the app sends one.
const TABLE_S = [15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200];
const MAX_JITTER_MS = 30_000;

export function backoffMs(retryNumber: number, opts: { scale: number; retryAfterMs?: number; random?: () => number }): number {
  const random = opts.random ?? Math.random;
  if (opts.retryAfterMs !== undefined) return Math.max(0, opts.retryAfterMs * opts.scale);
  const base = TABLE_S[Math.min(Math.max(retryNumber, 1), TABLE_S.length) - 1]! * 1000;
  return Math.round((base + random() * MAX_JITTER_MS) * opts.scale);
}
