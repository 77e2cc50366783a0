/**
 * Wall-clock time in the agency's time zone ⇄ instants, with Intl only (no date library). The agent picks
 * "9:00 on March 8" in the agency's zone whatever zone their laptop is in; DST gaps and overlaps are
 * resolved like Temporal's "compatible" mode: a time skipped by the clocks moves forward, a repeated one
 * takes its first occurrence.
 */
export type ZonedParts = { year: number; month: number; day: number; hour: number; minute: number; second: number };

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partsFormatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    partsFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function zonedParts(date: Date, timeZone: string): ZonedParts {
  const out: Record<string, number> = {};
  for (const p of partsFormatter(timeZone).formatToParts(date)) if (p.type !== "literal") out[p.type] = Number(p.value);
  return { year: out.year, month: out.month, day: out.day, hour: out.hour % 24, minute: out.minute, second: out.second };
}

/** The zone's offset from UTC at an instant, in ms (New York in winter: −5 h). */
export function zoneOffsetMs(date: Date, timeZone: string): number {
  const p = zonedParts(date, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(date.getTime() / 1000) * 1000;
}

export type ZonedInstant = { instant: Date; /** The wall time did not exist (clocks sprang forward) and was moved. */ shifted: boolean };

/** "2026-03-08" + "09:30" in timeZone → the instant. null when the strings are not a date and a time. */
export function zonedToInstant(ymd: string, hm: string, timeZone: string): ZonedInstant | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  const t = /^(\d{2}):(\d{2})$/.exec(hm);
  if (!d || !t) return null;
  const [year, month, day, hour, minute] = [Number(d[1]), Number(d[2]), Number(d[3]), Number(t[1]), Number(t[2])];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const local = Date.UTC(year, month - 1, day, hour, minute);
  if (new Date(local).getUTCDate() !== day) return null; // 31 February
  // The offsets a day either side cover any transition near the wanted time (zones change at most once a day).
  const before = zoneOffsetMs(new Date(local - 86_400_000), timeZone);
  const after = zoneOffsetMs(new Date(local + 86_400_000), timeZone);
  const matches = (ms: number) => {
    const p = zonedParts(new Date(ms), timeZone);
    return p.year === year && p.month === month && p.day === day && p.hour === hour && p.minute === minute;
  };
  const valid = [...new Set([local - before, local - after])].filter(matches).sort((a, b) => a - b);
  if (valid.length > 0) return { instant: new Date(valid[0]), shifted: false };
  return { instant: new Date(local - before), shifted: true };
}

/** Today's date ("YYYY-MM-DD") in the zone. */
export function todayInZone(timeZone: string, now: Date = new Date()): string {
  const p = zonedParts(now, timeZone);
  return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}

// Building an Intl.DateTimeFormat costs far more than formatting with one (ICU loads the zone and the
// pattern): a page of 50 recipients formatted 50 times per view. One per zone and variant, kept.
const displayFormatters = new Map<string, Intl.DateTimeFormat>();

/** "Mar 8, 2026, 9:30 AM EDT" in the zone. */
export function formatInZone(date: Date | string, timeZone: string, opts: { withZone?: boolean; weekday?: boolean } = {}): string {
  const d = typeof date === "string" ? new Date(date) : date;
  const key = `${timeZone}|${opts.weekday ? "w" : ""}|${opts.withZone === false ? "" : "z"}`;
  let f = displayFormatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      weekday: opts.weekday ? "short" : undefined,
      year: "numeric",
      month: "short",
      day: "numeric",
      hour: "numeric",
      minute: "2-digit",
      timeZoneName: opts.withZone === false ? undefined : "short",
    });
    if (displayFormatters.size > 2_000) displayFormatters.clear(); // bounded: zones come from a fixed list
    displayFormatters.set(key, f);
  }
  return f.format(d);
}

/** "America/New_York (EDT, UTC−4)" — the zone an agent is scheduling in, said plainly. */
export function zoneLabel(timeZone: string, at: Date = new Date()): string {
  const short = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "short" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName")?.value;
  const minutes = Math.round(zoneOffsetMs(at, timeZone) / 60_000);
  const sign = minutes < 0 ? "−" : "+";
  const abs = Math.abs(minutes);
  const utc = `UTC${sign}${Math.floor(abs / 60)}${abs % 60 ? `:${String(abs % 60).padStart(2, "0")}` : ""}`;
  return short && short !== utc.replace("−", "-") ? `${timeZone} (${short}, ${utc})` : `${timeZone} (${utc})`;
}
