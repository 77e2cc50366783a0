import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { finishedRuns, type Harness, harness, MODES, modeOpts } from "./helpers.js";

type Span = { fn: string; key: string; start: number; end: number };
const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(MODES)("flow control: concurrency, throttle, priority (%s)", (mode) => {
  let h: Harness;
  const spans: Span[] = [];
  const starts: Record<string, Array<{ t: number; tag: string }>> = {};
  const work = async (fn: string, key: string, ms = 150) => {
    const start = Date.now();
    await sleep(ms);
    spans.push({ fn, key, start, end: Date.now() });
  };
  const started = (fn: string, tag: string) => (starts[fn] ??= []).push({ t: Date.now(), tag });

  beforeAll(async () => {
    h = await harness(
      (inngest) => [
        inngest.createFunction(
          { id: "per-account", concurrency: { limit: 1, key: "event.data.acct" }, triggers: [{ event: "fx/per-account" }] },
          async ({ event, step }) => {
            await step.run("work", () => work("per-account", event.data.acct));
          },
        ),
        inngest.createFunction({ id: "sleeps-hold-no-slot", concurrency: 1, triggers: [{ event: "fx/nap" }] }, async ({ event, step }) => {
          await step.run("first", () => started("nap", `first:${event.data.i}`));
          await step.sleep("nap", "1s");
          await step.run("second", () => started("nap", `second:${event.data.i}`));
        }),
        ...["provider-a", "provider-b"].map((id) =>
          inngest.createFunction(
            { id, concurrency: [{ limit: 1, scope: "account", key: '"provider"' }, { limit: 5 }], triggers: [{ event: "fx/provider" }] },
            async ({ step }) => {
              await step.run("send", () => work(id, "provider", 100));
            },
          ),
        ),
        inngest.createFunction(
          { id: "throttled", throttle: { limit: 2, period: "2s", burst: 1 }, triggers: [{ event: "fx/throttled" }] },
          async ({ event, step }) => {
            await step.run("go", () => started("throttled", String(event.data.i)));
          },
        ),
        inngest.createFunction(
          { id: "prioritised", concurrency: 1, priority: { run: "event.data.urgent == true ? 600 : 0" }, triggers: [{ event: "fx/prio" }] },
          async ({ event, step }) => {
            await step.run("go", async () => {
              started("prio", event.data.tag);
              await sleep(event.data.tag === "blocker" ? 600 : 10);
            });
          },
        ),
      ],
      modeOpts(mode),
    );
  });
  afterAll(() => h?.close());

  it("limits concurrency per key, and different keys run side by side", async () => {
    await h.app.client.send(["A", "A", "A", "B", "B", "B"].map((acct) => ({ name: "fx/per-account", data: { acct } })));
    await finishedRuns(h.executor, "fixture-per-account", 6);
    const mine = spans.filter((s) => s.fn === "per-account");
    expect(mine).toHaveLength(6);
    for (const x of mine) for (const y of mine) if (x !== y && x.key === y.key) expect(overlaps(x, y)).toBe(false);
    expect(mine.some((x) => mine.some((y) => x.key !== y.key && overlaps(x, y)))).toBe(true);
  });

  it("counts executing steps, not sleeping runs", async () => {
    await h.app.client.send([0, 1].map((i) => ({ name: "fx/nap", data: { i } })));
    await finishedRuns(h.executor, "fixture-sleeps-hold-no-slot", 2, 10_000);
    const order = starts.nap!.map((s) => s.tag);
    // Both first steps ran before either second step: the sleeping run did not hold the only slot.
    expect(order.slice(0, 2).sort()).toEqual(["first:0", "first:1"]);
  });

  it("shares an account-scoped key across functions", async () => {
    await h.app.client.send([1, 2, 3].map((i) => ({ name: "fx/provider", data: { i } })));
    await finishedRuns(h.executor, "fixture-provider-a", 3);
    await finishedRuns(h.executor, "fixture-provider-b", 3);
    const mine = spans.filter((s) => s.key === "provider");
    expect(mine).toHaveLength(6);
    for (const x of mine) for (const y of mine) if (x !== y) expect(overlaps(x, y)).toBe(false);
  });

  it("throttles run starts with GCRA: limit + burst at once, then one per period/limit, none dropped", async () => {
    const t0 = Date.now();
    await h.app.client.send([0, 1, 2, 3, 4].map((i) => ({ name: "fx/throttled", data: { i } })));
    await finishedRuns(h.executor, "fixture-throttled", 5, 10_000);
    const times = starts.throttled!.map((s) => s.t - t0).sort((a, b) => a - b);
    expect(times).toHaveLength(5);
    // Interval = 2 s / 2 = 1 s: three at once, then +1 s, +2 s.
    expect(times[2]!).toBeLessThan(800);
    expect(times[3]!).toBeGreaterThanOrEqual(900);
    expect(times[4]!).toBeGreaterThanOrEqual(1900);
  });

  it("lets a higher priority run jump the queue", async () => {
    await h.app.client.send({ name: "fx/prio", data: { tag: "blocker" } });
    await sleep(100);
    await h.app.client.send(["low1", "low2", "low3"].map((tag) => ({ name: "fx/prio", data: { tag } })));
    await h.app.client.send({ name: "fx/prio", data: { tag: "urgent", urgent: true } });
    await finishedRuns(h.executor, "fixture-prioritised", 5);
    expect(starts.prio!.map((s) => s.tag)).toEqual(["blocker", "urgent", "low1", "low2", "low3"]);
  });
});
