import { describe, expect, it } from "vitest";
import { isTimeZone, nextDay, startOfDayInZone } from "./time-zones";

describe("time zones", () => {
  it("validates IANA names", () => {
    expect(isTimeZone("America/Chicago")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("")).toBe(false);
  });
  it("finds local midnight, across DST", () => {
    expect(startOfDayInZone("2026-01-15", "America/New_York")?.toISOString()).toBe("2026-01-15T05:00:00.000Z");
    expect(startOfDayInZone("2026-07-15", "America/New_York")?.toISOString()).toBe("2026-07-15T04:00:00.000Z");
    expect(startOfDayInZone("2026-03-08", "America/New_York")?.toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(startOfDayInZone("2026-07-15", "Asia/Tokyo")?.toISOString()).toBe("2026-07-14T15:00:00.000Z");
    expect(startOfDayInZone("15/07/2026", "UTC")).toBeNull();
    expect(nextDay("2026-02-28")).toBe("2026-03-01");
  });
});
