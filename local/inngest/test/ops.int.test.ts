import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RetryAfterError } from "inngest";
import { finishedRuns, getJson, type Harness, harness, runsOf, until, type Json, MODES, modeOpts } from "./helpers.js";

describe.each(MODES)("sleep, waitForEvent, sendEvent, invoke, onFailure, retry-after (%s)", (mode) => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(
      (inngest, app) => {
        const child = inngest.createFunction({ id: "child", triggers: [{ event: "fx/never" }] }, async ({ event, step }) => {
          const doubled = await step.run("double", () => event.data.n * 2);
          if (event.data.fail) throw new (await import("inngest")).NonRetriableError("child failed");
          return { doubled };
        });
        return [
          child,
          inngest.createFunction({ id: "sleeper", triggers: [{ event: "fx/sleep" }] }, async ({ step }) => {
            const t0 = await step.run("before", () => Date.now());
            await step.sleep("nap", "1s");
            const t1 = await step.run("after", () => Date.now());
            await step.sleepUntil("until", new Date(Date.now() + 1000));
            return { slept: t1 - t0 };
          }),
          inngest.createFunction({ id: "waiter", triggers: [{ event: "fx/wait" }] }, async ({ event, step }) => {
            const got = await step.waitForEvent("approval", { event: "fx/approve", timeout: "2s", if: "event.data.id == async.data.id" });
            return { got: got?.data ?? null, id: event.data.id };
          }),
          inngest.createFunction({ id: "sender", triggers: [{ event: "fx/send" }] }, async ({ step }) => {
            const sent = await step.sendEvent("fan-out", [
              { name: "fx/received", data: { i: 1 } },
              { name: "fx/received", data: { i: 2 } },
            ]);
            return sent.ids.length;
          }),
          inngest.createFunction({ id: "receiver", triggers: [{ event: "fx/received" }] }, async ({ event }) => event.data.i),
          inngest.createFunction({ id: "invoker", triggers: [{ event: "fx/invoke" }] }, async ({ event, step }) => {
            try {
              return await step.invoke("call-child", { function: child, data: { n: 21, fail: event.data.fail } });
            } catch (err) {
              return { caught: (err as Error).message };
            }
          }),
          inngest.createFunction(
            {
              id: "with-failure",
              retries: 1,
              triggers: [{ event: "fx/fail" }],
              onFailure: async ({ event, error }: { event: Json; error: Error }) => {
                app.hit(`onFailure:${event.data.event.data.tag}:${error.message}:${event.data.function_id}`);
              },
            },
            async ({ step }) => {
              await step.run("explode", () => {
                throw new Error("exploded");
              });
            },
          ),
          inngest.createFunction({ id: "hangs", retries: 1, triggers: [{ event: "fx/hang" }] }, async ({ step }) => {
            await step.run("forever", () => (app.hit("hang"), new Promise(() => {})));
          }),
          inngest.createFunction({ id: "signals", triggers: [{ event: "fx/signal" }] }, async ({ step }) => {
            await step.waitForSignal("sig", { signal: "go", timeout: "1m" });
          }),
          inngest.createFunction({ id: "rate-limited-api", retries: 2, triggers: [{ event: "fx/retry-after" }] }, async ({ step }) => {
            return step.run("call", () => {
              const n = app.hit("retry-after");
              if (n === 1) throw new RetryAfterError("slow down", 1);
              return n;
            });
          }),
        ];
      },
      modeOpts(mode, { executor: { requestTimeoutMs: 1000 } }),
    );
  });
  afterAll(() => h?.close());

  it("sleeps for real (1 s) and sleepUntil resumes after the given time", async () => {
    await h.app.client.send({ name: "fx/sleep", data: {} });
    await until(async () => (await runsOf(h.executor, "fixture-sleeper"))[0]?.status === "Sleeping", { what: "sleeping status" });
    const [run] = await finishedRuns(h.executor, "fixture-sleeper", 1, 10_000);
    const d = (await getJson(`${h.executor.url}/v1/runs/${run.id}`)).data;
    expect(d.status).toBe("Completed");
    expect(d.output.slept).toBeGreaterThanOrEqual(1000);
    expect(d.endedAt - d.createdAt).toBeGreaterThanOrEqual(2000);
  });

  it("waitForEvent matches only its `if` and an event sent after it started; times out to null", async () => {
    await h.app.client.send([
      { name: "fx/wait", data: { id: "A" } },
      { name: "fx/wait", data: { id: "B" } },
    ]);
    await until(async () => (await runsOf(h.executor, "fixture-waiter")).filter((r) => r.status === "Waiting").length === 2, {
      what: "two waits",
    });
    await h.app.client.send({ name: "fx/approve", data: { id: "A", ok: true } });
    const runs = await finishedRuns(h.executor, "fixture-waiter", 2, 10_000);
    const outs = await Promise.all(runs.map(async (r) => (await getJson(`${h.executor.url}/v1/runs/${r.id}`)).data.output));
    expect(outs).toContainEqual({ got: { id: "A", ok: true }, id: "A" });
    expect(outs).toContainEqual({ got: null, id: "B" });
  });

  it("step.sendEvent starts the functions its events trigger", async () => {
    await h.app.client.send({ name: "fx/send", data: {} });
    const [run] = await finishedRuns(h.executor, "fixture-sender", 1);
    expect((await getJson(`${h.executor.url}/v1/runs/${run.id}`)).data.output).toBe(2);
    const received = await finishedRuns(h.executor, "fixture-receiver", 2);
    expect(received.every((r) => r.status === "Completed")).toBe(true);
  });

  it("step.invoke returns the invoked function's result, or throws its error", async () => {
    await h.app.client.send({ name: "fx/invoke", data: {} });
    await h.app.client.send({ name: "fx/invoke", data: { fail: true } });
    const runs = await finishedRuns(h.executor, "fixture-invoker", 2);
    const outs = await Promise.all(runs.map(async (r) => (await getJson(`${h.executor.url}/v1/runs/${r.id}`)).data.output));
    expect(outs).toContainEqual({ doubled: 42 });
    expect(outs.find((o) => o.caught)?.caught).toContain("child failed");
  });

  it("runs onFailure after the last attempt with the failure event", async () => {
    await h.app.client.send({ name: "fx/fail", data: { tag: "t1" } });
    const [run] = await finishedRuns(h.executor, "fixture-with-failure", 1);
    expect(run.status).toBe("Failed");
    await finishedRuns(h.executor, "fixture-with-failure-failure", 1);
    expect(h.app.count("onFailure:t1:exploded:fixture-with-failure")).toBe(1);
  });

  it("honours retry-after (scaled by the time scale)", async () => {
    await h.app.client.send({ name: "fx/retry-after", data: {} });
    const [run] = await finishedRuns(h.executor, "fixture-rate-limited-api", 1);
    const d = (await getJson(`${h.executor.url}/v1/runs/${run.id}`)).data;
    expect(d.output).toBe(2);
    expect(d.stepLog[0].attempts).toBe(2);
  });

  it("times out a call that never answers, counts it as an attempt, and fails clearly", async () => {
    await h.app.client.send({ name: "fx/hang", data: {} });
    const [run] = await finishedRuns(h.executor, "fixture-hangs", 1, 10_000);
    expect(run.status).toBe("Failed");
    expect(run.error.message).toContain("no answer within 1000 ms");
    expect(h.app.count("hang")).toBe(2);
  });

  it("fails a run that uses an op it does not support, naming the op", async () => {
    await h.app.client.send({ name: "fx/signal", data: {} });
    const [run] = await finishedRuns(h.executor, "fixture-signals", 1);
    expect(run.status).toBe("Failed");
    expect(run.error.message).toMatch(/does not support the "WaitForSignal" operation/);
  });
});
