import { describe, expect, it } from "vitest";
import { formatInZone, todayInZone, zoneLabel, zonedToInstant } from "./zoned-time";

describe("zonedToInstant", () => {
  it("converts a wall time in the agency's zone, whatever the machine's zone", () => {
    expect(zonedToInstant("2026-01-15", "09:30", "America/New_York")).toEqual({
      instant: new Date("2026-01-15T14:30:00Z"),
      shifted: false,
    });
    expect(zonedToInstant("2026-07-15", "09:30", "America/New_York")?.instant.toISOString()).toBe("2026-07-15T13:30:00.000Z");
    expect(zonedToInstant("2026-07-15", "09:30", "Asia/Kolkata")?.instant.toISOString()).toBe("2026-07-15T04:00:00.000Z");
    expect(zonedToInstant("2026-07-15", "00:15", "Pacific/Auckland")?.instant.toISOString()).toBe("2026-07-14T12:15:00.000Z");
    expect(zonedToInstant("2026-07-15", "23:45", "UTC")?.instant.toISOString()).toBe("2026-07-15T23:45:00.000Z");
  });

  it("handles the DST days: before and after the switch, the gap and the overlap", () => {
    // New York springs forward on 2026-03-08 at 02:00 (EST → EDT) and falls back on 2026-11-01 at 02:00.
    expect(zonedToInstant("2026-03-08", "01:30", "America/New_York")?.instant.toISOString()).toBe("2026-03-08T06:30:00.000Z");
    expect(zonedToInstant("2026-03-08", "03:30", "America/New_York")?.instant.toISOString()).toBe("2026-03-08T07:30:00.000Z");
    // 02:30 does not exist: it moves forward to 03:30 EDT.
    expect(zonedToInstant("2026-03-08", "02:30", "America/New_York")).toEqual({ instant: new Date("2026-03-08T07:30:00Z"), shifted: true });
    // 01:30 happens twice: the first one (EDT).
    expect(zonedToInstant("2026-11-01", "01:30", "America/New_York")?.instant.toISOString()).toBe("2026-11-01T05:30:00.000Z");
    expect(zonedToInstant("2026-11-01", "02:30", "America/New_York")?.instant.toISOString()).toBe("2026-11-01T07:30:00.000Z");
    // Southern hemisphere: Sydney springs forward on 2026-10-04 at 02:00.
    expect(zonedToInstant("2026-10-04", "02:30", "Australia/Sydney")).toEqual({ instant: new Date("2026-10-03T16:30:00Z"), shifted: true });
  });

  it("refuses what is not a date or a time", () => {
    expect(zonedToInstant("2026-02-31", "09:00", "UTC")).toBeNull();
    expect(zonedToInstant("2026-02-10", "24:00", "UTC")).toBeNull();
    expect(zonedToInstant("", "09:00", "UTC")).toBeNull();
    expect(zonedToInstant("2026-02-10", "9am", "UTC")).toBeNull();
  });
});

describe("formatting", () => {
  it("formats in the zone and names it", () => {
    expect(formatInZone(new Date("2026-01-15T14:30:00Z"), "America/New_York")).toBe("Jan 15, 2026, 9:30 AM EST");
    expect(todayInZone("Pacific/Auckland", new Date("2026-07-14T13:00:00Z"))).toBe("2026-07-15");
    expect(zoneLabel("America/New_York", new Date("2026-07-01T12:00:00Z"))).toBe("America/New_York (EDT, UTC−4)");
    expect(zoneLabel("Asia/Kolkata", new Date("2026-07-01T12:00:00Z"))).toMatch(/^Asia\/Kolkata \((GMT\+5:30, )?UTC\+5:30\)$/);
  });
});
