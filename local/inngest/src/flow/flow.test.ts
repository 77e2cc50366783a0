import { describe, expect, it } from "vitest";
import type { FnConfig } from "../store/types.js";
import { backoffMs } from "./backoff.js";
import { gcra } from "./gcra.js";
import { concurrencyKeys, runPriority, throttleKey } from "./keys.js";

const fn = (extra: Partial<FnConfig>): FnConfig => ({ id: "app-fn", triggers: [], steps: {}, ...extra });
const event = { id: "e1", name: "x", ts: 0, data: { acct: "a1", urgent: true, n: 3 } };

describe("gcra", () => {
  it("allows capacity at once, then one per interval", () => {
    let tat: number | undefined;
    const allowed: number[] = [];
    for (let t = 0; t <= 2000; t += 100) {
      for (let k = 0; k < 5; k++) {
        const r = gcra(tat, t, 500, 3);
        if (r.ok) {
          tat = r.tat;
          allowed.push(t);
        }
      }
    }
    expect(allowed.slice(0, 5)).toEqual([0, 0, 0, 500, 1000]);
  });

  it("says when a denied request would pass", () => {
    const r1 = gcra(undefined, 0, 1000, 1);
    const r2 = gcra(r1.tat, 10, 1000, 1);
    expect(r2.ok).toBe(false);
    expect(r2.retryAt).toBe(1000);
  });
});

describe("backoff", () => {
  it("follows the table with jitter, scaled", () => {
    expect(backoffMs(1, { scale: 1, random: () => 0 })).toBe(15_000);
    expect(backoffMs(2, { scale: 1, random: () => 0 })).toBe(30_000);
    expect(backoffMs(1, { scale: 0.01, random: () => 1 })).toBe(450);
    expect(backoffMs(99, { scale: 1, random: () => 0 })).toBe(7_200_000);
  });

  it("prefers retry-after", () => {
    expect(backoffMs(1, { scale: 0.5, retryAfterMs: 4000 })).toBe(2000);
  });
});

describe("keys", () => {
  it("scopes concurrency keys: fn keys are private, account keys shared", () => {
    expect(concurrencyKeys(fn({ concurrency: 2 }), event)).toEqual([{ key: "fn:app-fn:", limit: 2 }]);
    expect(
      concurrencyKeys(
        fn({
          concurrency: [
            { limit: 1, key: "event.data.acct" },
            { limit: 10, scope: "account", key: '"provider"' },
          ],
        }),
        event,
      ),
    ).toEqual([
      { key: "fn:app-fn:a1", limit: 1 },
      { key: "account:provider", limit: 10 },
    ]);
  });

  it("evaluates throttle keys and priority", () => {
    expect(throttleKey(fn({ throttle: { limit: 1, period: "1s", key: "event.data.acct" } }), event)).toBe("app-fn:a1");
    expect(runPriority(fn({ priority: { run: "event.data.urgent ? 120 : 0" } }), event)).toBe(120);
    expect(runPriority(fn({ priority: { run: "event.data.n * 1000" } }), event)).toBe(600);
    expect(runPriority(fn({ priority: { run: "event.data.missing" } }), event)).toBe(0);
  });
});
