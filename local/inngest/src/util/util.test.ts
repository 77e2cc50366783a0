import { describe, expect, it } from "vitest";
import { canonicalize } from "./canonical.js";
import { parseDuration, parseRetryAfter, sleepUntilMs } from "./duration.js";
import { Heap } from "./heap.js";
import { derivedId, seededEventId, ulid } from "./ids.js";

describe("durations", () => {
  it("parses the SDK's time strings", () => {
    expect(parseDuration("15s")).toBe(15_000);
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("2d")).toBe(172_800_000);
    expect(parseDuration("1w")).toBe(604_800_000);
    expect(parseDuration("250ms")).toBe(250);
    expect(parseDuration("1m30s")).toBe(90_000);
    expect(parseDuration("soon")).toBeUndefined();
    expect(parseDuration("")).toBeUndefined();
  });

  it("turns a Sleep op name into a wake-up time", () => {
    expect(sleepUntilMs("1s", 1000)).toBe(2000);
    expect(sleepUntilMs("1m", 0, 0.5)).toBe(30_000);
    expect(sleepUntilMs("2030-01-01T00:00:00.000Z", 0)).toBe(Date.parse("2030-01-01T00:00:00.000Z"));
    expect(sleepUntilMs("garbage", 0)).toBeUndefined();
  });

  it("reads retry-after as whole seconds or an HTTP date", () => {
    expect(parseRetryAfter("2.7")).toBe(2000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 0)).toBe(10_000);
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});

describe("ids", () => {
  it("makes sortable ULIDs", () => {
    const a = ulid(1000);
    const b = ulid(2000);
    expect(a).toHaveLength(26);
    expect(a < b).toBe(true);
  });

  it("keeps creation order for ULIDs of the same millisecond", () => {
    const ids = Array.from({ length: 50 }, () => ulid(5000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(50);
  });

  it("derives the same event ids from the same seed, different ones per index", () => {
    const seed = "1700000000000,AAECAwQFBgcICQ==";
    expect(seededEventId(seed, 0)).toBe(seededEventId(seed, 0));
    expect(seededEventId(seed, 0)).not.toBe(seededEventId(seed, 1));
    expect(seededEventId("nonsense", 0)).toBeUndefined();
    expect(derivedId("k", 5)).toBe(derivedId("k", 5));
  });
});

describe("canonical JSON", () => {
  it("sorts keys recursively and drops undefined like JSON", () => {
    expect(canonicalize({ b: 1, a: { d: [3, undefined], c: "x" }, u: undefined })).toBe('{"a":{"c":"x","d":[3,null]},"b":1}');
    expect(canonicalize(null)).toBe("null");
    expect(canonicalize("s")).toBe('"s"');
  });
});

describe("heap", () => {
  it("pops in order", () => {
    const h = new Heap<number>((a, b) => a < b);
    for (const n of [5, 1, 4, 2, 3]) h.push(n);
    expect([h.pop(), h.pop(), h.pop(), h.pop(), h.pop(), h.pop()]).toEqual([1, 2, 3, 4, 5, undefined]);
  });
});
