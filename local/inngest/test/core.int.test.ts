import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NonRetriableError } from "inngest";
import { finishedRuns, getJson, type Harness, harness, runDone, until, type Json, MODES, modeOpts } from "./helpers.js";

describe.each(MODES)("core step protocol (%s)", (mode) => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(
      (inngest, app) => [
        inngest.createFunction({ id: "steps", triggers: [{ event: "fx/steps" }] }, async ({ event, step }) => {
          const a = await step.run("a", () => (app.hit(`steps:a:${event.data.n}`), { v: 1, data: "not-a-memo-wrapper" }));
          const b = await step.run("b", () => (app.hit(`steps:b:${event.data.n}`), a.v + 1));
          return { a, b, n: event.data.n };
        }),
        inngest.createFunction({ id: "parallel", triggers: [{ event: "fx/parallel" }] }, async ({ step }) => {
          const [x, y, z] = await Promise.all([
            step.run("x", () => (app.hit("par:x"), "x")),
            step.run("y", () => (app.hit("par:y"), "y")),
            step.run("z", () => (app.hit("par:z"), "z")),
          ]);
          const after = await step.run("after", () => (app.hit("par:after"), x + y + z));
          return after;
        }),
        inngest.createFunction({ id: "mixed-parallel", triggers: [{ event: "fx/mixed" }] }, async ({ step }) => {
          const [a, , b] = await Promise.all([
            step.run("pa", () => (app.hit("mixed:pa"), "a")),
            step.sleep("ps", "1s"),
            step.run("pb", async () => {
              app.hit("mixed:pb");
              await new Promise((r) => setTimeout(r, 50));
              return "b";
            }),
          ]);
          const seq = await step.run("seq", () => (app.hit("mixed:seq"), a + b));
          const loop: string[] = [];
          for (let i = 0; i < 3; i++) loop.push(await step.run("same-name", () => (app.hit(`mixed:same:${i}`), `i${i}`)));
          return { seq, loop };
        }),
        inngest.createFunction({ id: "flaky", triggers: [{ event: "fx/flaky" }] }, async ({ event, step, attempt }) => {
          return step.run("sometimes", () => {
            const n = app.hit(`flaky:${event.data.key}`);
            if (n <= event.data.failures) throw new Error(`boom ${n}`);
            return { n, attempt };
          });
        }),
        inngest.createFunction({ id: "doomed", retries: 1, triggers: [{ event: "fx/doomed" }] }, async ({ step }) => {
          await step.run("always-fails", () => {
            app.hit("doomed");
            throw new Error("always");
          });
        }),
        inngest.createFunction({ id: "hopeless", triggers: [{ event: "fx/hopeless" }] }, async ({ step }) => {
          await step.run("nonretriable", () => {
            app.hit("hopeless");
            throw new NonRetriableError("give up now");
          });
        }),
        inngest.createFunction({ id: "caught", retries: 0, triggers: [{ event: "fx/caught" }] }, async ({ step }) => {
          try {
            await step.run("bad", () => {
              throw new Error("bad step");
            });
          } catch (err) {
            return step.run("recover", () => `recovered from ${(err as Error).message}`);
          }
        }),
      ],
      modeOpts(mode),
    );
  });
  afterAll(() => h?.close());

  it("syncs the app's functions", async () => {
    const fns = (await getJson(`${h.executor.url}/v1/functions`)).data.map((f: Json) => f.id);
    expect(fns).toContain("fixture-steps");
    expect(fns).toContain("fixture-parallel");
  });

  it("runs steps, memoizing each result, and completes with the return value", async () => {
    const ids = await h.app.client.send({ name: "fx/steps", data: { n: 1 } });
    const ev = await until(() => getJson(`${h.executor.url}/v1/events/${ids.ids[0]}`).then((r) => r.data?.runIds.length && r.data));
    const run = await runDone(h.executor, ev.runIds[0]);
    expect(run.status).toBe("Completed");
    expect(run.output).toEqual({ a: { v: 1, data: "not-a-memo-wrapper" }, b: 2, n: 1 });
    expect(h.app.count("steps:a:1")).toBe(1);
    expect(h.app.count("steps:b:1")).toBe(1);
  });

  it("runs parallel steps once each", async () => {
    await h.app.client.send({ name: "fx/parallel", data: {} });
    const [run] = await finishedRuns(h.executor, "fixture-parallel", 1);
    expect(run.status).toBe("Completed");
    for (const k of ["x", "y", "z", "after"]) expect(h.app.count(`par:${k}`)).toBe(1);
  });

  it("mixes parallel steps with a sleep, and repeated step ids, each step running once", async () => {
    await h.app.client.send({ name: "fx/mixed", data: {} });
    const [run] = await finishedRuns(h.executor, "fixture-mixed-parallel", 1, 10_000);
    expect(run.status).toBe("Completed");
    expect((await getJson(`${h.executor.url}/v1/runs/${run.id}`)).data.output).toEqual({ seq: "ab", loop: ["i0", "i1", "i2"] });
    for (const k of ["pa", "pb", "seq", "same:0", "same:1", "same:2"]) expect(h.app.count(`mixed:${k}`), k).toBe(1);
  });

  it("retries a failing step with backoff and then succeeds", async () => {
    await h.app.client.send({ name: "fx/flaky", data: { key: "k1", failures: 2 } });
    const [run] = await finishedRuns(h.executor, "fixture-flaky", 1);
    expect(run.status).toBe("Completed");
    const detail = (await getJson(`${h.executor.url}/v1/runs/${run.id}`)).data;
    expect(detail.output).toEqual({ n: 3, attempt: 2 });
    expect(detail.stepLog[0].attempts).toBe(3);
  });

  it("fails after the configured attempts", async () => {
    await h.app.client.send({ name: "fx/doomed", data: {} });
    const [run] = await finishedRuns(h.executor, "fixture-doomed", 1);
    expect(run.status).toBe("Failed");
    expect(run.error.message).toContain("always");
    expect(h.app.count("doomed")).toBe(2);
  });

  it("does not retry a NonRetriableError", async () => {
    await h.app.client.send({ name: "fx/hopeless", data: {} });
    const [run] = await finishedRuns(h.executor, "fixture-hopeless", 1);
    expect(run.status).toBe("Failed");
    expect(run.error.message).toContain("give up now");
    expect(h.app.count("hopeless")).toBe(1);
  });

  it("lets a function catch a failed step", async () => {
    await h.app.client.send({ name: "fx/caught", data: {} });
    const [run] = await finishedRuns(h.executor, "fixture-caught", 1);
    expect(run.status).toBe("Completed");
    expect((await getJson(`${h.executor.url}/v1/runs/${run.id}`)).data.output).toBe("recovered from bad step");
  });
});
