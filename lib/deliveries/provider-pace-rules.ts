/**
 * Headroom per sliding second: the gate keeps every window of 1,040 ms at or under the limit (96 % of
 * it at most). Resend counts requests in a sliding one-second window as they reach it, a little after
 * they leave here (the HTTP call, a busy event loop); without headroom two requests a second apart by
 * our clock can land inside one window there, and the later one gets a 429.
 */
export const HEADROOM_MS = 40;
export const PACE_WINDOW_MS = 1_000 + HEADROOM_MS;

/** Requests among `stamps` inside the window that ends at `end`. */
const inWindow = (stamps: number[], end: number) => stamps.filter((t) => t > end - PACE_WINDOW_MS && t <= end).length;

/** Whether one more request at `t` keeps every window that would hold it at or under `perSecond`. */
function fits(stamps: number[], t: number, perSecond: number): boolean {
  const ends = [t, ...stamps.filter((u) => u > t && u < t + PACE_WINDOW_MS)];
  return ends.every((end) => inWindow(stamps, end) + 1 <= perSecond);
}

/**
 * Planning: the earliest moment, not before `now`, at which one more request fits among the requests
 * that left and the bookings already made (bookings may lie in the future). Validity only changes where
 * a stamp enters or leaves a window, so those moments are the candidates.
 */
export function earliestSlot(stamps: number[], now: number, perSecond: number): number {
  const candidates = [now, ...stamps.flatMap((u) => [u + PACE_WINDOW_MS, u + 1])].filter((t) => t >= now).sort((a, b) => a - b);
  return candidates.find((t) => fits(stamps, t, perSecond)) ?? Math.max(now, ...stamps) + PACE_WINDOW_MS;
}

/**
 * The gate, at the moment a request would leave: it may leave `now` if the window ending now holds fewer
 * than `perSecond` requests — those that left and the bookings due by now (a booking's request leaves
 * soon; counting it is the safe side). Later bookings are not counted: each of them passes this same
 * check when it leaves, against where this one really went. Returns `now`, or when it may leave.
 */
export function clearToDepart(stamps: number[], now: number, perSecond: number): number {
  const due = stamps.filter((t) => t > now - PACE_WINDOW_MS && t <= now).sort((a, b) => a - b);
  if (due.length < perSecond) return now;
  return due[due.length - perSecond] + PACE_WINDOW_MS;
}
