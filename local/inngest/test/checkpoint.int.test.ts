import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type FixtureApp, startFixtureApp } from "./fixtures/app.js";
import { finishedRuns, getJson, type Harness, harness, type Json, tempDir, until } from "./helpers.js";
import { type ChildExecutor, freePort, spawnExecutor } from "./process.js";

// SDK checkpointing, as the real server offers it: the SDK runs steps inline within one request and
// reports each to /v1/checkpoint/:runId/async, which memoizes it durably before acknowledging it.
describe("checkpointing", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(
      (inngest, app) => [
        inngest.createFunction({ id: "five", triggers: [{ event: "fx/five" }] }, async ({ event, step }) => {
          let sum = 0;
          for (let i = 0; i < 5; i++) sum += await step.run(`s${i}`, () => (app.hit(`five:${event.data.k}:s${i}`), i));
          return { sum };
        }),
        inngest.createFunction({ id: "classic-only", checkpointing: false, triggers: [{ event: "fx/classic" }] }, async ({ step }) => {
          let sum = 0;
          for (let i = 0; i < 3; i++) sum += await step.run(`s${i}`, () => i);
          return sum;
        }),
      ],
      { executor: { checkpointing: true } },
    );
  });
  afterAll(() => h?.close());

  it("runs all steps of a run in one request, each checkpointed and shown with its timing", async () => {
    const calls0 = h.executor.engine.counters.calls;
    await h.app.client.send([1, 2, 3].map((k) => ({ name: "fx/five", data: { k } })));
    const runs = await finishedRuns(h.executor, "fixture-five", 3);
    expect(h.executor.engine.counters.calls - calls0).toBe(3);
    for (const r of runs) {
      expect(r.status).toBe("Completed");
      const d = (await getJson(`${h.executor.url}/v1/runs/${r.id}`)).data;
      expect(d.output).toEqual({ sum: 10 });
      expect(d.stepLog.map((l: Json) => `${l.name}:${l.status}:${l.attempts}:${l.checkpointed}`)).toEqual(
        [0, 1, 2, 3, 4].map((i) => `s${i}:completed:1:true`),
      );
      for (const l of d.stepLog) expect(l.endedAt).toBeGreaterThanOrEqual(l.startedAt);
    }
    for (const k of [1, 2, 3]) for (let i = 0; i < 5; i++) expect(h.app.count(`five:${k}:s${i}`)).toBe(1);
    const page = await (await fetch(`${h.executor.url}/runs/${runs[0].id}`)).text();
    expect(page).toContain("s4");
  });

  it("falls back to one call per step for a function with checkpointing: false", async () => {
    const calls0 = h.executor.engine.counters.calls;
    await h.app.client.send({ name: "fx/classic", data: {} });
    const [r] = await finishedRuns(h.executor, "fixture-classic-only", 1);
    expect(r.status).toBe("Completed");
    expect(h.executor.engine.counters.calls - calls0).toBe(4);
  });

  it("refuses a checkpoint from a call that is not the run's current one (stale dispatch)", async () => {
    const [r] = await finishedRuns(h.executor, "fixture-five", 3);
    const res = await fetch(`${h.executor.url}/v1/checkpoint/${r.id}/async`, {
      method: "POST",
      body: JSON.stringify({ run_id: r.id, qi_id: "nope", steps: [{ id: "x", op: "StepRun", data: 1 }] }),
    });
    expect(res.status).toBe(409);
  });
});

describe("checkpointing across SIGKILL", () => {
  let child: ChildExecutor | undefined;
  let app: FixtureApp | undefined;
  afterEach(async () => {
    await app?.close();
    await child?.stop();
  });

  it("never runs an acknowledged step again, and resumes a run that was mid-request from its last acknowledged step", async () => {
    const env = {
      INNGEST_PORT: String(await freePort()),
      INNGEST_DATA_DIR: tempDir(),
      INNGEST_TIME_SCALE: "0.01",
      INNGEST_LOCAL_CHECKPOINTING: "1",
    };
    child = await spawnExecutor(env);
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    app = await startFixtureApp({ executorUrl: child.url }, (inngest, a) => [
      inngest.createFunction({ id: "held", triggers: [{ event: "fx/held" }] }, async ({ step }) => {
        let sum = 0;
        for (let i = 0; i < 5; i++) {
          sum += await step.run(`s${i}`, async () => {
            a.hit(`s${i}`);
            if (i === 2) await gate;
            return i;
          });
        }
        return sum;
      }),
    ]);
    await fetch(`${child.url}/v1/sync`, { method: "POST", body: JSON.stringify({ url: app.serveUrl }) });
    await app.client.send({ name: "fx/held", data: {} });
    // The SDK awaits each checkpoint before it goes on, so reaching s2 means s0 and s1 were acknowledged.
    await until(() => app!.count("s2") === 1, { what: "the request to reach s2" });
    await child.kill9();
    child = await spawnExecutor(env);
    // The restarted executor calls the run again: s0 and s1 are memoized, s2 (in flight) runs again.
    await until(() => app!.count("s2") === 2, { what: "the resumed run to reach s2" });
    open();
    const run = await until(
      async () => {
        const rs = (await getJson(`${child!.url}/v1/runs?function_id=fixture-held`)).data as Json[];
        return rs[0]?.status === "Completed" ? rs[0] : undefined;
      },
      { timeout: 20_000, what: "the run to complete" },
    );
    expect((await getJson(`${child.url}/v1/runs/${run.id}`)).data.output).toBe(10);
    expect(app.count("s0")).toBe(1);
    expect(app.count("s1")).toBe(1);
    expect(app.count("s2")).toBe(2);
    // The request cut off by the kill checkpoints s2 into a dead call (409) and stops: s3, s4 ran once.
    expect(app.count("s3")).toBe(1);
    expect(app.count("s4")).toBe(1);
  });
});
