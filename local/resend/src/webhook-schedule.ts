/**
 * Svix's retry schedule (https://docs.svix.com/retries), which Resend's webhooks follow: an attempt
 * immediately, then each wait below starts when the preceding attempt failed. Eight attempts over about
 * 27.6 hours; after the last failure the message is marked failed.
 */
export const SVIX_RETRY_DELAYS_MS: readonly number[] = [
  5_000, // 5 s
  5 * 60_000, // 5 min
  30 * 60_000, // 30 min
  2 * 3_600_000, // 2 h
  5 * 3_600_000, // 5 h
  10 * 3_600_000, // 10 h
  10 * 3_600_000, // 10 h
];

/** Svix waits this long for an answer; no answer in time counts as a failed attempt. */
export const SVIX_ATTEMPT_TIMEOUT_MS = 15_000;

export type WebhookSchedule = {
  /** Waits after failed attempt 1, 2, …, already multiplied by the time scale. */
  readonly delaysMs: readonly number[];
  /** 1 (the immediate attempt) + one per wait. */
  readonly maxAttempts: number;
};

/** The waits times `timeScale` (0.001: 5 s → 5 ms, 10 h → 36 s), rounded to whole milliseconds. */
export function webhookSchedule(delaysMs: readonly number[] = SVIX_RETRY_DELAYS_MS, timeScale = 1): WebhookSchedule {
  if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw new Error(`webhook time scale must be a positive number (got ${timeScale})`);
  const scaled = delaysMs.map((d) => Math.max(0, Math.round(d * timeScale)));
  return { delaysMs: scaled, maxAttempts: scaled.length + 1 };
}

/** When the next attempt is due after `attempts` failed ones ending at `failedAt`; null = give up. */
export function nextAttemptAt(schedule: WebhookSchedule, attempts: number, failedAt: number): number | null {
  const wait = schedule.delaysMs[attempts - 1];
  return wait === undefined ? null : failedAt + wait;
}
