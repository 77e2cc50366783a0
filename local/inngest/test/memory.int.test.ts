import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startExecutor } from "../src/index.js";
import { State } from "../src/store/state.js";
import type { JournalRecord } from "../src/store/types.js";
import { finishedRuns, getJson, type Harness, harness, tempDir, MODES, modeOpts } from "./helpers.js";

// Finished runs leave memory and the journal; their history stays queryable on disk for the
// retention window, then is pruned.
describe.each(MODES)("memory: finished runs are archived to history (%s)", (mode) => {
  let h: Harness;
  const dataDir = tempDir();
  beforeAll(async () => {
    h = await harness(
      (inngest) => [
        inngest.createFunction({ id: "two-steps", triggers: [{ event: "fx/two" }] }, async ({ event, step }) => {
          const a = await step.run("a", () => event.data.i);
          const b = await step.run("b", () => {
            if (event.data.i === 0) throw new Error("b failed");
            return a + 1;
          });
          return { a, b };
        }),
      ],
      modeOpts(mode, { executor: { dataDir, compactEvery: 40 } }),
    );
  });
  afterAll(() => h?.close());

  it("keeps no finished run in memory, shows them with steps, attempts and errors, and compacts the journal to in-flight state", async () => {
    const N = 25;
    await h.app.client.send(Array.from({ length: N }, (_, i) => ({ name: "fx/two", data: { i } })));
    const runs = await finishedRuns(h.executor, "fixture-two-steps", N);
    expect(runs).toHaveLength(N);
    expect(h.executor.engine.state.runs.size).toBe(0);
    expect(h.executor.engine.state.active.size).toBe(0);
    const failed = runs.find((r) => r.status === "Failed");
    expect(runs.filter((r) => r.status === "Completed")).toHaveLength(N - 1);
    const d = (await getJson(`${h.executor.url}/v1/runs/${failed.id}`)).data;
    const b = d.stepLog.find((l: { name: string }) => l.name === "b");
    expect(b).toMatchObject({ status: "failed", attempts: 4, error: { message: "b failed" } });
    expect(d.error.message).toBe("b failed");
    const ok = runs.find((r) => r.status === "Completed");
    const od = (await getJson(`${h.executor.url}/v1/runs/${ok.id}`)).data;
    expect(od.stepLog.map((l: { name: string; status: string }) => `${l.name}:${l.status}`)).toEqual(["a:completed", "b:completed"]);
    expect(od.stepLog[0].startedAt).toBeTypeOf("number");
    expect((await fetch(`${h.executor.url}/runs/${ok.id}`)).status).toBe(200);
    expect(await (await fetch(`${h.executor.url}/?fn=fixture-two-steps`)).text()).toContain(ok.id);
    expect((await fetch(`${h.executor.url}/v1/runs/${ok.id}/cancel`, { method: "POST" })).status).toBe(409);

    // The journal was compacted along the way (every 40 records): replayed, it holds no run at all.
    const journal = fs.readFileSync(path.join(dataDir, "journal.jsonl"), "utf8").split("\n").filter(Boolean);
    expect(journal.length).toBeLessThan(2 * 40 + 10);
    const s = new State();
    for (const l of journal) s.apply(JSON.parse(l) as JournalRecord);
    expect(s.runs.size).toBe(0);
  });

  it("keeps history across a restart, and prunes it after the retention window", async () => {
    const one = (await finishedRuns(h.executor, "fixture-two-steps", 25))[0];
    const closing = h;
    h = undefined as unknown as Harness;
    await closing.close();
    const ex = await startExecutor({ port: 0, dataDir, retentionMs: 60_000 });
    try {
      expect((await getJson(`${ex.url}/v1/runs/${one.id}`)).data.status).toBe(one.status);
      expect((await getJson(`${ex.url}/v1/runs?limit=1000`)).data).toHaveLength(25);
      // Pruning as it would run a minute later.
      ex.engine.history.prune(Date.now() + 61_000);
      expect((await fetch(`${ex.url}/v1/runs/${one.id}`)).status).toBe(404);
      expect((await getJson(`${ex.url}/v1/runs?limit=1000`)).data).toHaveLength(0);
    } finally {
      await ex.close();
    }
  });
});
