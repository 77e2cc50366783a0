// Durations as the SDK writes them ("1d2h30m10s", "500ms", "15s") and the real server accepts.
const UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Parse "1h30m", "15s", "2d", "250ms" or a bare number of ms; undefined when not a duration. */
export function parseDuration(input: unknown): number | undefined {
  if (typeof input === "number" && Number.isFinite(input)) return input;
  if (typeof input !== "string") return undefined;
  const s = input.trim();
  if (!s) return undefined;
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const re = /(\d+(?:\.\d+)?)\s*(ms|w|d|h|m|s)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    total += Number(m[1]) * UNITS[m[2]!]!;
    matched = re.lastIndex;
  }
  return matched === s.length && matched > 0 ? total : undefined;
}

/**
 * A Sleep op's `name` is either a duration ("1h") or an ISO time (sleepUntil). Returns the absolute
 * wake-up time in ms; durations are scaled by `scale` (sleep scaling is opt-in, see README).
 */
export function sleepUntilMs(name: string, now: number, scale = 1): number | undefined {
  const d = parseDuration(name);
  if (d !== undefined) return now + d * scale;
  const t = Date.parse(name);
  if (Number.isNaN(t)) return undefined;
  return scale === 1 ? t : now + Math.max(0, t - now) * scale;
}

/** `retry-after`: seconds or an HTTP date. Whole seconds, like the real server. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.floor(Number(v)) * 1000;
  const t = Date.parse(v);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, Math.floor((t - now) / 1000) * 1000);
}
