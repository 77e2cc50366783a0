import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { finishedRuns, type Harness, harness, runsOf, until, MODES, modeOpts } from "./helpers.js";

// Run order as on the real server: a run's next step is queued by the run's queue time (minus its
// priority head start), not by when the step was reached, so runs that started first finish first.
describe.each(MODES)("run order: depth-first by run start, priority as a bounded head start (%s)", (mode) => {
  let h: Harness;
  const log: string[] = [];
  const gates = new Map<string, { promise: Promise<void>; open: () => void }>();
  const gate = (name: string) => {
    let g = gates.get(name);
    if (!g) {
      let open!: () => void;
      const promise = new Promise<void>((r) => (open = r));
      gates.set(name, (g = { promise, open }));
    }
    return g;
  };

  beforeAll(async () => {
    h = await harness(
      (inngest) => [
        inngest.createFunction({ id: "ordered", concurrency: 1, triggers: [{ event: "fx/ordered" }] }, async ({ event, step }) => {
          for (const s of ["a", "b", "c"]) {
            await step.run(s, async () => {
              if (event.data.hold && s === "a") await gate("ordered").promise;
              log.push(`${event.data.i}:${s}`);
            });
          }
        }),
        inngest.createFunction(
          { id: "bounded", concurrency: 1, priority: { run: "event.data.p" }, triggers: [{ event: "fx/bounded" }] },
          async ({ event, step }) => {
            for (const s of ["a", "b"]) {
              await step.run(s, async () => {
                if (event.data.hold && s === "a") await gate("bounded").promise;
                log.push(`${event.data.tag}:${s}`);
              });
            }
          },
        ),
      ],
      modeOpts(mode),
    );
  });
  afterAll(() => h?.close());

  it("a run that started first finishes first while many runs are queued", async () => {
    log.length = 0;
    const N = 12;
    await h.app.client.send(Array.from({ length: N }, (_, i) => ({ name: "fx/ordered", data: { i, hold: i === 0 } })));
    // Hold the first run inside its first step until every run is queued behind it.
    await until(async () => (await runsOf(h.executor, "fixture-ordered")).length === N, { what: "all runs queued" });
    gate("ordered").open();
    const runs = await finishedRuns(h.executor, "fixture-ordered", N);
    const expected = Array.from({ length: N }, (_, i) => ["a", "b", "c"].map((s) => `${i}:${s}`)).flat();
    expect(log).toEqual(expected);
    const byStart = [...runs].sort((x, y) => x.createdAt - y.createdAt || (x.id < y.id ? -1 : 1));
    const byEnd = [...runs].sort((x, y) => x.endedAt - y.endedAt || (x.id < y.id ? -1 : 1));
    expect(byEnd.map((r) => r.id)).toEqual(byStart.map((r) => r.id));
  });

  it("priority is a head start of `priority.run` seconds from when a run was queued, not strict preemption", async () => {
    log.length = 0;
    await h.app.client.send([
      { name: "fx/bounded", data: { tag: "low1", p: 0, hold: true } },
      { name: "fx/bounded", data: { tag: "low2", p: 0 } },
      { name: "fx/bounded", data: { tag: "low3", p: 0 } },
    ]);
    const lows = await until(
      async () => {
        const rs = await runsOf(h.executor, "fixture-bounded");
        return rs.length === 3 ? rs : undefined;
      },
      { what: "three queued runs" },
    );
    // low1 is held inside its first step. Let more than 1 s pass since the last low run was queued, so a
    // run with a 1 s head start queued now still comes after all of them.
    const lastQueued = Math.max(...lows.map((r) => r.createdAt));
    await until(() => Date.now() > lastQueued + 1500, { what: "1.5 s to pass", interval: 50 });
    await h.app.client.send([
      { name: "fx/bounded", data: { tag: "late-small", p: 1 } },
      { name: "fx/bounded", data: { tag: "late-big", p: 600 } },
    ]);
    await until(async () => (await runsOf(h.executor, "fixture-bounded")).length === 5, { what: "five runs" });
    gate("bounded").open();
    await finishedRuns(h.executor, "fixture-bounded", 5);
    // With checkpointing, the call that holds the only slot runs low1's remaining steps inline.
    const low1 = mode === "checkpoint" ? ["low1:a", "low1:b"] : ["low1:a"];
    expect(log).toEqual([
      ...low1,
      // 600 s of head start overtakes runs queued 1.5 s earlier, even their later steps…
      "late-big:a",
      "late-big:b",
      ...(mode === "checkpoint" ? [] : ["low1:b"]),
      "low2:a",
      "low2:b",
      "low3:a",
      "low3:b",
      // …but a 1 s head start does not overtake runs queued 1.5 s earlier: it is not preemption.
      "late-small:a",
      "late-small:b",
    ]);
  });
});
