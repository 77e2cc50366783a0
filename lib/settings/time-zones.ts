/** IANA time zones the runtime knows (the select of the settings page and the validation of its value). */
export function listTimeZones(): string[] {
  const zones = Intl.supportedValuesOf("timeZone");
  return zones.includes("UTC") ? zones : ["UTC", ...zones];
}

export function isTimeZone(zone: string): boolean {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return listTimeZones().includes(zone) || zone === "UTC";
  } catch {
    return false;
  }
}

/** Minutes the zone is ahead of UTC at the given instant (DST-aware). */
function offsetMinutes(zone: string, at: Date): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return Math.round((asUtc - at.getTime()) / 60_000);
}

/**
 * The instant a calendar day ("2026-03-08") starts in the zone: what an agent means by "from March 8"
 * is midnight in the agency's time zone, not in UTC. Returns null for a malformed day.
 */
export function startOfDayInZone(day: string, zone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const utcMidnight = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (Number.isNaN(utcMidnight)) return null;
  // Two passes: the offset at the guess can differ from the offset at the answer around a DST change.
  let guess = utcMidnight - offsetMinutes(zone, new Date(utcMidnight)) * 60_000;
  guess = utcMidnight - offsetMinutes(zone, new Date(guess)) * 60_000;
  return new Date(guess);
}

/** The day after, as YYYY-MM-DD (for an inclusive "to" date). */
export function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone: building an Intl.DateTimeFormat costs far more than formatting with one. */
export function formatInZone(at: Date, zone: string): string {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: zone, dateStyle: "medium", timeStyle: "short" });
    if (formatters.size > 1_000) formatters.clear(); // bounded: zones come from a fixed list
    formatters.set(zone, f);
  }
  return f.format(at);
}
