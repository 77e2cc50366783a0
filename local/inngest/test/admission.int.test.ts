import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { finishedRuns, getJson, type Harness, harness, runsOf, until, MODES, modeOpts } from "./helpers.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(MODES)("events and admission: dedupe, trigger if, rateLimit, idempotency, cancelOn, cron (%s)", (mode) => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(
      (inngest) => [
        inngest.createFunction({ id: "plain", triggers: [{ event: "fx/plain" }] }, async ({ event }) => event.data),
        inngest.createFunction(
          { id: "big-only", triggers: [{ event: "fx/size", if: "event.data.size > 5" }] },
          async ({ event }) => event.data.size,
        ),
        inngest.createFunction({ id: "wild", triggers: [{ event: "fx/wild.*" }] }, async ({ event }) => event.name),
        inngest.createFunction(
          { id: "rate-limited", rateLimit: { limit: 1, period: "1m", key: "event.data.user" }, triggers: [{ event: "fx/rl" }] },
          async ({ event }) => event.data.user,
        ),
        inngest.createFunction(
          { id: "idempotent", idempotency: "event.data.orderId", triggers: [{ event: "fx/order" }] },
          async ({ event }) => event.data.orderId,
        ),
        inngest.createFunction(
          { id: "cancellable", cancelOn: [{ event: "fx/cancel", if: "event.data.c == async.data.c" }], triggers: [{ event: "fx/long" }] },
          async ({ step }) => {
            await step.run("one", () => 1);
            await step.sleep("long-nap", "30s");
            return "finished";
          },
        ),
        inngest.createFunction(
          {
            id: "cancel-queued",
            throttle: { limit: 1, period: "1m" },
            cancelOn: [{ event: "fx/cancel", if: "event.data.c == async.data.c" }],
            triggers: [{ event: "fx/queued" }],
          },
          async () => "ran",
        ),
        inngest.createFunction(
          { id: "cancel-waiting", cancelOn: [{ event: "fx/cancel", match: "data.c" }], triggers: [{ event: "fx/waits" }] },
          async ({ step }) => step.waitForEvent("never", { event: "fx/nothing", timeout: "1m" }),
        ),
        inngest.createFunction({ id: "ticker", triggers: [{ cron: "* * * * * *" }] }, async ({ event }) => event.name),
      ],
      modeOpts(mode),
    );
  });
  afterAll(() => h?.close());

  it("deduplicates events by id, and SDK retries carrying the same id seed", async () => {
    const a = await h.app.client.send({ name: "fx/plain", id: "same-id", data: { n: 1 } });
    const b = await h.app.client.send({ name: "fx/plain", id: "same-id", data: { n: 2 } });
    expect(b.ids).toEqual(a.ids);
    const post = () =>
      fetch(`${h.executor.url}/e/any-key`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-inngest-event-id-seed": "1700000000000,AAECAwQFBgcICQ==" },
        body: JSON.stringify([{ name: "fx/plain", data: { n: 3 } }]),
      }).then((r) => r.json());
    const [x, y] = [await post(), await post()];
    expect(x.ids).toEqual(y.ids);
    await sleep(200);
    expect(await runsOf(h.executor, "fixture-plain")).toHaveLength(2);
  });

  it("starts only functions whose trigger `if` holds, and honours wildcards", async () => {
    await h.app.client.send([
      { name: "fx/size", data: { size: 3 } },
      { name: "fx/size", data: { size: 9 } },
      { name: "fx/wild.card", data: {} },
    ]);
    const runs = await finishedRuns(h.executor, "fixture-big-only", 1);
    await sleep(200);
    expect(await runsOf(h.executor, "fixture-big-only")).toHaveLength(1);
    expect(runs[0].status).toBe("Completed");
    await finishedRuns(h.executor, "fixture-wild", 1);
  });

  it("rateLimit drops excess runs per key", async () => {
    await h.app.client.send(["u1", "u1", "u1", "u2"].map((user) => ({ name: "fx/rl", data: { user } })));
    await sleep(300);
    const runs = await finishedRuns(h.executor, "fixture-rate-limited", 2);
    expect(runs).toHaveLength(2);
  });

  it("idempotency starts one run per key", async () => {
    await h.app.client.send(["o1", "o1", "o2", "o1"].map((orderId) => ({ name: "fx/order", data: { orderId } })));
    await sleep(300);
    expect(await finishedRuns(h.executor, "fixture-idempotent", 2)).toHaveLength(2);
  });

  it("cancelOn cancels sleeping, queued and waiting runs whose `if` holds", async () => {
    await h.app.client.send([1, 2].map((c) => ({ name: "fx/long", data: { c } })));
    await h.app.client.send([10, 11].map((c) => ({ name: "fx/queued", data: { c } })));
    await h.app.client.send([{ name: "fx/waits", data: { c: 1 } }]);
    await until(async () => (await runsOf(h.executor, "fixture-cancellable")).filter((r) => r.status === "Sleeping").length === 2, {
      what: "sleeping",
    });
    await until(async () => (await runsOf(h.executor, "fixture-cancel-waiting"))[0]?.status === "Waiting", { what: "waiting" });
    const queued = await until(async () => {
      const rs = await runsOf(h.executor, "fixture-cancel-queued");
      return rs.length === 2 && rs.find((r) => r.status === "Queued");
    });
    expect(queued.waiting).toMatch(/throttled/);
    const queuedC = (await getJson(`${h.executor.url}/v1/runs/${queued.id}`)).data.eventPayload.data.c;
    await h.app.client.send({ name: "fx/cancel", data: { c: queuedC } });
    await h.app.client.send({ name: "fx/cancel", data: { c: 1 } });
    await until(async () => (await runsOf(h.executor, "fixture-cancellable")).some((r) => r.status === "Cancelled"), { what: "cancel" });
    const long = await runsOf(h.executor, "fixture-cancellable");
    expect(long.map((r) => r.status).sort()).toEqual(["Cancelled", "Sleeping"]);
    expect((await runsOf(h.executor, "fixture-cancel-queued")).map((r) => r.status).sort()).toEqual(["Cancelled", "Completed"]);
    expect((await runsOf(h.executor, "fixture-cancel-waiting"))[0].status).toBe("Cancelled");
  });

  it("runs cron triggers on their schedule", async () => {
    const runs = await until(
      async () => {
        const rs = await runsOf(h.executor, "fixture-ticker");
        return rs.filter((r) => r.status === "Completed").length >= 2 ? rs : undefined;
      },
      { timeout: 5000, what: "two cron runs" },
    );
    expect(runs[0].event.name).toBe("inngest/scheduled.timer");
  });
});
