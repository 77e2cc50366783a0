import { describe, expect, it } from "vitest";
import { evaluate, holds, keyOf } from "./expr.js";

describe("CEL expressions", () => {
  const event = { name: "app/x", data: { accountId: "a1", n: 5, f: 2.5, campaignId: "c1", tags: ["x"] } };

  it("evaluates conditions with event and async", () => {
    expect(holds("event.data.campaignId == async.data.campaignId", { event, async: { data: { campaignId: "c1" } } })).toBe(true);
    expect(holds("event.data.campaignId == async.data.campaignId", { event, async: { data: { campaignId: "c2" } } })).toBe(false);
    expect(holds("event.data.n > 3 && event.data.f < 3.0 || false", { event })).toBe(true);
    expect(holds("'x' in event.data.tags", { event })).toBe(true);
  });

  it("treats errors (missing fields, bad syntax) as not holding", () => {
    expect(holds("event.data.missing == 1", { event })).toBe(false);
    expect(holds("event.data.n ==", { event })).toBe(false);
    expect(evaluate("event.data.n ==", { event }).ok).toBe(false);
  });

  it("mixes JSON numbers with int literals", () => {
    expect(evaluate("event.data.n * 60", { event })).toEqual({ ok: true, value: 300 });
    expect(holds("event.data.n == 5", { event })).toBe(true);
  });

  it("turns keys into strings", () => {
    expect(keyOf("event.data.accountId", { event })).toBe("a1");
    expect(keyOf("event.data.n", { event })).toBe("5");
    expect(keyOf("event.data.accountId + '-' + event.data.campaignId", { event })).toBe("a1-c1");
    expect(keyOf("event.data.nope", { event })).toBe("");
  });
});
