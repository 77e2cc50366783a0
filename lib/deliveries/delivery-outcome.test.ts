import { describe, expect, it } from "vitest";
import type { DeliveryOutcome } from "@/lib/generated/prisma/client";
import { counterDeltas, DELIVERY_OUTCOMES, outcomeRate, supersedes } from "./delivery-outcome";

const t = (s: number) => new Date(Date.UTC(2026, 2, 1, 12, 0, s));

describe("delivery outcome precedence", () => {
  it("ranks complained > bounced > delivered > delayed, whatever the times", () => {
    const order: DeliveryOutcome[] = ["DELAYED", "DELIVERED", "BOUNCED", "COMPLAINED"];
    expect(DELIVERY_OUTCOMES).toEqual(order);
    for (const [i, low] of order.entries()) {
      for (const high of order.slice(i + 1)) {
        expect(supersedes({ outcome: low, at: t(50) }, { outcome: high, at: t(1) })).toBe(true);
        expect(supersedes({ outcome: high, at: t(1) }, { outcome: low, at: t(50) })).toBe(false);
      }
    }
  });

  it("equal rank: only a strictly later event replaces; anything replaces nothing", () => {
    expect(supersedes({ outcome: "DELIVERED", at: t(5) }, { outcome: "DELIVERED", at: t(6) })).toBe(true);
    expect(supersedes({ outcome: "DELIVERED", at: t(5) }, { outcome: "DELIVERED", at: t(5) })).toBe(false);
    expect(supersedes({ outcome: "DELIVERED", at: t(5) }, { outcome: "DELIVERED", at: t(4) })).toBe(false);
    expect(supersedes({ outcome: null, at: null }, { outcome: "DELAYED", at: t(0) })).toBe(true);
  });

  it("moves a delivery between counters, and never for a same-outcome update", () => {
    expect(counterDeltas(null, "DELIVERED")).toEqual({ deliveredCount: 1 });
    expect(counterDeltas("DELIVERED", "BOUNCED")).toEqual({ deliveredCount: -1, bouncedCount: 1 });
    expect(counterDeltas("DELAYED", "COMPLAINED")).toEqual({ delayedCount: -1, complainedCount: 1 });
    expect(counterDeltas("BOUNCED", "BOUNCED")).toEqual({});
  });

  it("rates are count / sent in percent with one decimal", () => {
    expect(outcomeRate(1, 3)).toBe(33.3);
    expect(outcomeRate(2, 3)).toBe(66.7);
    expect(outcomeRate(0, 10)).toBe(0);
    expect(outcomeRate(5, 5)).toBe(100);
    expect(outcomeRate(0, 0)).toBeNull();
  });
});
