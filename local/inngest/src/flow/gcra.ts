/**
 * Generic cell rate algorithm, as the real server uses for throttle and rateLimit. `tat` is the
 * theoretical arrival time of the next request; `capacity` requests may arrive at once (throttle:
 * limit + burst), then one every `interval` (period / limit).
 */
export interface GcraResult {
  ok: boolean;
  tat: number;
  /** When the request would be allowed, if not now. */
  retryAt: number;
}

export function gcra(prevTat: number | undefined, now: number, interval: number, capacity: number): GcraResult {
  const tat = Math.max(prevTat ?? now, now);
  const tolerance = Math.max(0, capacity - 1) * interval;
  if (tat - now <= tolerance) return { ok: true, tat: tat + interval, retryAt: now };
  return { ok: false, tat: prevTat ?? now, retryAt: tat - tolerance };
}
