import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { finishedRuns, getJson, type Harness, harness, MODES, modeOpts } from "./helpers.js";

describe.each(MODES)("debounce, batchEvents, singleton, timeouts (%s)", (mode) => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(
      (inngest) => [
        inngest.createFunction(
          { id: "debounced", debounce: { period: "1s", key: "event.data.k" }, triggers: [{ event: "fx/typing" }] },
          async ({ event }) => event.data,
        ),
        inngest.createFunction(
          { id: "batched", batchEvents: { maxSize: 3, timeout: "1s" }, triggers: [{ event: "fx/item" }] },
          async ({ events }) => events.map((e: { data: { i: number } }) => e.data.i),
        ),
        ...(["skip", "cancel"] as const).map((mode) =>
          inngest.createFunction(
            { id: `single-${mode}`, singleton: { key: "event.data.k", mode }, triggers: [{ event: `fx/single-${mode}` }] },
            async ({ event, step }) => {
              await step.sleep("hold", "1s");
              return event.data.n;
            },
          ),
        ),
        inngest.createFunction(
          { id: "must-start", timeouts: { start: "1s" }, throttle: { limit: 1, period: "1m" }, triggers: [{ event: "fx/must-start" }] },
          async () => "started",
        ),
        inngest.createFunction(
          { id: "must-finish", timeouts: { finish: "1s" }, triggers: [{ event: "fx/must-finish" }] },
          async ({ step }) => {
            await step.sleep("too-long", "10s");
          },
        ),
      ],
      modeOpts(mode),
    );
  });
  afterAll(() => h?.close());

  it("debounce runs once per key with the last event, after the quiet period", async () => {
    const t0 = Date.now();
    for (const n of [1, 2, 3]) await h.app.client.send({ name: "fx/typing", data: { k: "a", n } });
    await h.app.client.send({ name: "fx/typing", data: { k: "b", n: 9 } });
    const runs = await finishedRuns(h.executor, "fixture-debounced", 2, 10_000);
    expect(runs).toHaveLength(2);
    const outs = await Promise.all(runs.map(async (r) => (await getJson(`${h.executor.url}/v1/runs/${r.id}`)).data));
    expect(outs.map((d) => d.output)).toEqual(
      expect.arrayContaining([
        { k: "a", n: 3 },
        { k: "b", n: 9 },
      ]),
    );
    for (const d of outs) expect(d.startedAt - t0).toBeGreaterThanOrEqual(1000);
  });

  it("batchEvents starts a full batch at once and a partial one after its timeout", async () => {
    // Events arriving while a full batch has not started yet fill the next batch (not one run each).
    await h.app.client.send([1, 2, 3, 4, 5, 6, 7].map((i) => ({ name: "fx/item", data: { i } })));
    const runs = await finishedRuns(h.executor, "fixture-batched", 3, 10_000);
    const outs = await Promise.all(runs.map(async (r) => (await getJson(`${h.executor.url}/v1/runs/${r.id}`)).data.output));
    expect(outs).toHaveLength(3);
    expect(outs).toEqual(expect.arrayContaining([[1, 2, 3], [4, 5, 6], [7]]));
  });

  it("singleton skips or replaces a run with the same key", async () => {
    await h.app.client.send([1, 2].map((n) => ({ name: "fx/single-skip", data: { k: "x", n } })));
    const skipped = await finishedRuns(h.executor, "fixture-single-skip", 1, 10_000);
    expect(skipped).toHaveLength(1);
    await h.app.client.send({ name: "fx/single-cancel", data: { k: "x", n: 1 } });
    await new Promise((r) => setTimeout(r, 200));
    await h.app.client.send({ name: "fx/single-cancel", data: { k: "x", n: 2 } });
    const replaced = await finishedRuns(h.executor, "fixture-single-cancel", 2, 10_000);
    expect(replaced.map((r) => r.status).sort()).toEqual(["Cancelled", "Completed"]);
  });

  it("timeouts cancel a run that does not start or finish in time", async () => {
    await h.app.client.send([1, 2].map((n) => ({ name: "fx/must-start", data: { n } })));
    await h.app.client.send({ name: "fx/must-finish", data: {} });
    const starts = await finishedRuns(h.executor, "fixture-must-start", 2, 10_000);
    expect(starts.map((r) => r.status).sort()).toEqual(["Cancelled", "Completed"]);
    const [fin] = await finishedRuns(h.executor, "fixture-must-finish", 1, 10_000);
    expect(fin.status).toBe("Cancelled");
    expect(fin.error.name).toBe("InngestTimeoutError");
  });
});
