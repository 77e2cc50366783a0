import { afterEach, describe, expect, it } from "vitest";
import { type FixtureApp, startFixtureApp } from "./fixtures/app.js";
import { getJson, tempDir, until, type Json, MODES } from "./helpers.js";
import { type ChildExecutor, freePort, spawnExecutor } from "./process.js";

// The executor is killed with SIGKILL mid-run and restarted on the same data dir: every run must
// complete, no step whose result was recorded may run again, and sleeps must survive.
describe.each(MODES)("durability across SIGKILL (%s)", (mode) => {
  const CP = { INNGEST_LOCAL_CHECKPOINTING: mode === "checkpoint" ? "1" : "0" };
  let child: ChildExecutor | undefined;
  let app: FixtureApp | undefined;
  afterEach(async () => {
    await app?.close();
    await child?.stop();
  });

  async function runs(url: string, fn: string) {
    return (await getJson(`${url}/v1/runs?function_id=${fn}&limit=1000`)).data as Json[];
  }

  it("resumes sleeping runs; recorded steps run exactly once", async () => {
    const port = String(await freePort());
    const env = { ...CP, INNGEST_PORT: port, INNGEST_DATA_DIR: tempDir(), INNGEST_TIME_SCALE: "0.01" };
    child = await spawnExecutor(env);
    app = await startFixtureApp({ executorUrl: child.url }, (inngest, a) => [
      inngest.createFunction({ id: "durable", triggers: [{ event: "fx/durable" }] }, async ({ event, step }) => {
        const k = event.data.k;
        const t0 = await step.run("a", () => (a.hit(`a:${k}`), Date.now()));
        await step.run("b", () => a.hit(`b:${k}`));
        await step.sleep("nap", "2s");
        await step.run("c", () => a.hit(`c:${k}`));
        return { k, sleptMs: Date.now() - t0 };
      }),
    ]);
    const synced = await fetch(`${child.url}/v1/sync`, { method: "POST", body: JSON.stringify({ url: app.serveUrl }) });
    expect(synced.status).toBe(200);
    await app.client.send([1, 2, 3].map((k) => ({ name: "fx/durable", data: { k } })));
    await until(async () => (await runs(child!.url, "fixture-durable")).filter((r) => r.status === "Sleeping").length === 3, {
      what: "3 sleeping runs",
    });

    await child.kill9();
    child = await spawnExecutor(env);

    const done = await until(
      async () => {
        const rs = await runs(child!.url, "fixture-durable");
        return rs.length === 3 && rs.every((r) => r.status === "Completed") ? rs : undefined;
      },
      { timeout: 20_000, what: "runs to complete after restart" },
    );
    for (const k of [1, 2, 3]) for (const s of ["a", "b", "c"]) expect(app.count(`${s}:${k}`), `${s}:${k}`).toBe(1);
    for (const r of done) {
      const d = (await getJson(`${child.url}/v1/runs/${r.id}`)).data;
      expect(d.output.sleptMs).toBeGreaterThanOrEqual(2000);
    }
  });

  it("a kill in the middle of a busy stream of runs loses nothing and repeats no recorded step", async () => {
    const port = String(await freePort());
    // Compacting every 100 records makes the kill land around compactions too.
    const env = { ...CP, INNGEST_PORT: port, INNGEST_DATA_DIR: tempDir(), INNGEST_TIME_SCALE: "0.01", INNGEST_COMPACT_EVERY: "100" };
    child = await spawnExecutor(env);
    const STEPS = 5;
    app = await startFixtureApp({ executorUrl: child.url }, (inngest, a) => [
      inngest.createFunction({ id: "busy", triggers: [{ event: "fx/busy" }] }, async ({ event, step }) => {
        let sum = 0;
        for (let i = 0; i < STEPS; i++) {
          sum += await step.run(`s${i}`, async () => {
            a.hit(`${event.data.k}:s${i}`);
            await new Promise((r) => setTimeout(r, 5));
            return i;
          });
        }
        return sum;
      }),
    ]);
    await fetch(`${child.url}/v1/sync`, { method: "POST", body: JSON.stringify({ url: app.serveUrl }) });
    const N = 40;
    await app.client.send(Array.from({ length: N }, (_, k) => ({ name: "fx/busy", data: { k } })));
    await until(() => [...app!.hits.values()].reduce((x, y) => x + y, 0) >= (N * STEPS) / 3, { what: "a third of the steps" });

    // Snapshot what the executor has recorded, then kill it without warning.
    const recorded: Array<{ k: number; step: string }> = [];
    for (const r of await runs(child.url, "fixture-busy")) {
      const d = (await getJson(`${child.url}/v1/runs/${r.id}`)).data;
      for (const l of d.stepLog) if (l.status === "completed") recorded.push({ k: d.eventPayload.data.k, step: l.name });
    }
    await child.kill9();
    child = await spawnExecutor(env);

    const done = await until(
      async () => {
        const rs = await runs(child!.url, "fixture-busy");
        return rs.length === N && rs.every((r) => r.status === "Completed") ? rs : undefined;
      },
      { timeout: 30_000, what: "all busy runs to complete" },
    );
    expect(done).toHaveLength(N);
    expect(recorded.length).toBeGreaterThan(0);
    for (const { k, step } of recorded) expect(app.count(`${k}:${step}`), `${k}:${step}`).toBe(1);
    // Steps in flight at the kill may run again (at-least-once), never more than that.
    for (const n of app.hits.values()) expect(n).toBeLessThanOrEqual(2);
  });
});
