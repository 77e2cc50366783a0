import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { startResendSink, type RunningSink } from "../src/start-resend-sink";
import { freePort, spawnSink, startWebhookTarget, until, type TargetRequest } from "./webhook-target";

// Svix-style delivery: a target that fails (500, 404, or a sink that dies) must still get every event,
// exactly once as accepted, with one svix-id per event. The target holds each test at a known point
// (it fails until the test flips it); nothing here sleeps and hopes.

const SECRET = "whsec_" + Buffer.from("retries test secret of 32 bytes!").toString("base64");
let dir: string;
let target: Awaited<ReturnType<typeof startWebhookTarget>>;
const sinks: RunningSink[] = [];

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "sink-retries-"));
  target = await startWebhookTarget(SECRET, 500);
});
afterEach(async () => {
  for (const s of sinks.splice(0)) await s.close();
  await target.close();
  rmSync(dir, { recursive: true, force: true });
});

async function start(options: Parameters<typeof startResendSink>[0] = {}): Promise<RunningSink> {
  const sink = await startResendSink({
    port: 0,
    dataDir: dir,
    webhookUrl: target.url,
    webhookSecret: SECRET,
    webhookTimeScale: 0.001, // 5 s → 5 ms, 5 min → 300 ms, 30 min → 1.8 s, …, all 8 attempts ≈ 100 s
    deliveryDelayMs: 10,
    faults: { bounce: ["*@bounce.test"] },
    log: () => {},
    ...options,
  });
  sinks.push(sink);
  return sink;
}

async function send(baseUrl: string, to: string): Promise<string> {
  const res = await fetch(baseUrl + "/emails", {
    method: "POST",
    headers: { authorization: "Bearer re_x", "content-type": "application/json" },
    body: JSON.stringify({ from: "a@h.test", to, subject: "S", text: "T" }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { id: string }).id;
}

type Webhooks = {
  counts: { pending: number; sending: number; failed: number; delivered: number };
  scheduleMs: number[];
  data: { svixId: string; status: string; attempts: number }[];
};
const webhooks = async (baseUrl: string, query = ""): Promise<Webhooks> => (await fetch(`${baseUrl}/_sink/webhooks${query}`)).json();

/** Every expected event accepted exactly once, every attempt of an event under one svix-id, all signed. */
function expectExactlyOnce(expected: [string, string][]): Map<string, string> {
  const idOf = new Map<string, string>();
  for (const [emailId, type] of expected) {
    const tries = target.of(emailId, type);
    expect(new Set(tries.map((r) => r.svixId)).size, `${type} of ${emailId}: one svix-id`).toBe(1);
    expect(
      tries.filter((r) => r.answered === 200),
      `${type} of ${emailId}: accepted once`,
    ).toHaveLength(1);
    idOf.set(`${emailId} ${type}`, tries[0].svixId);
  }
  expect(target.requests.every((r) => r.signatureOk)).toBe(true);
  expect(target.accepted()).toHaveLength(expected.length);
  expect(new Set(idOf.values()).size).toBe(expected.length);
  return idOf;
}

const outcomes = (ids: string[], bounced: Set<string>): [string, string][] =>
  ids.flatMap(
    (id) =>
      [
        [id, "email.sent"],
        [id, bounced.has(id) ? "email.bounced" : "email.delivered"],
      ] as [string, string][],
  );

it("a target answering 500 for a while, then 200, gets every event exactly once as accepted, same svix-id on every attempt", async () => {
  const sink = await start();
  const ids: string[] = [];
  const bounced = new Set<string>();
  for (let i = 0; i < 12; i++) {
    const id = await send(sink.url, i % 4 === 0 ? `gone${i}@bounce.test` : `ok${i}@x.test`);
    ids.push(id);
    if (i % 4 === 0) bounced.add(id);
  }
  const expected = outcomes(ids, bounced);
  // Known point: every event has been tried (and refused) at least twice.
  await until(() => expected.every(([id, type]) => target.of(id, type).length >= 2), "two refused attempts of every event");
  const during = await webhooks(sink.url);
  expect(during.counts.delivered).toBe(0);
  expect(during.counts.pending + during.counts.sending).toBe(expected.length);
  expect(await (await fetch(sink.url + "/")).text()).toMatch(/Webhooks: .*\d+ pending/);

  target.answer(200);
  await until(async () => (await webhooks(sink.url)).counts.delivered === expected.length, "every webhook delivered");
  expect((await webhooks(sink.url)).counts).toEqual({ pending: 0, sending: 0, failed: 0, delivered: expected.length });
  expectExactlyOnce(expected);
  for (const [id, type] of expected) expect(target.of(id, type).length).toBeGreaterThanOrEqual(3);
});

it("a sink closed with pending webhooks and started again on the same data dir delivers them, same svix-ids", async () => {
  const first = await start();
  const ids = [await send(first.url, "a@x.test"), await send(first.url, "b@bounce.test"), await send(first.url, "c@x.test")];
  const expected = outcomes(ids, new Set([ids[1]]));
  await until(() => expected.every(([id, type]) => target.of(id, type).length >= 1), "every event tried once");
  const triedBefore = new Set(target.requests.map((r) => r.svixId));
  await first.close();
  sinks.splice(sinks.indexOf(first), 1);

  target.answer(200);
  const second = await start();
  await until(async () => (await webhooks(second.url)).counts.delivered === expected.length, "the resumed webhooks delivered");
  const idOf = expectExactlyOnce(expected);
  expect(new Set(idOf.values())).toEqual(triedBefore);
});

it("a sink killed with SIGKILL resumes its pending webhooks and the outcomes it had not yet emitted", async () => {
  const port = await freePort();
  const env = {
    RESEND_SINK_PORT: String(port),
    RESEND_SINK_DATA_DIR: dir,
    RESEND_SINK_WEBHOOK_URL: target.url,
    RESEND_WEBHOOK_SECRET: SECRET,
    RESEND_SINK_WEBHOOK_TIME_SCALE: "0.001",
    RESEND_SINK_BOUNCE: "*@bounce.test",
  };
  // The first process would emit delivered/bounced only after an hour: those die with it.
  const first = await spawnSink({ ...env, RESEND_SINK_DELIVERY_DELAY_MS: "3600000" });
  let second: Awaited<ReturnType<typeof spawnSink>> | undefined;
  try {
    const ids = [
      await send(first.url, "k1@x.test"),
      await send(first.url, "k2@bounce.test"),
      await send(first.url, "k3@x.test"),
      await send(first.url, "k4@x.test"),
    ];
    await until(() => ids.every((id) => target.of(id, "email.sent").length >= 2), "every email.sent refused twice");
    expect((await webhooks(first.url)).counts).toMatchObject({ delivered: 0, failed: 0 });
    const sentIds = new Set(target.requests.map((r) => r.svixId));
    await first.kill9();

    target.answer(200);
    second = await spawnSink({ ...env, RESEND_SINK_PORT: String(await freePort()), RESEND_SINK_DELIVERY_DELAY_MS: "10" });
    const expected = outcomes(ids, new Set([ids[1]]));
    await until(async () => (await webhooks(second!.url)).counts.delivered === expected.length, "every event delivered after the restart");
    const idOf = expectExactlyOnce(expected);
    expect(new Set(ids.map((id) => idOf.get(`${id} email.sent`)))).toEqual(sentIds);
    const stored = (await (await fetch(`${second.url}/_sink/emails`)).json()) as { data: { id: string; last_event: string }[] };
    expect(stored.data.map((e) => e.last_event)).toEqual(["delivered", "bounced", "delivered", "delivered"]);
  } finally {
    await first.kill9().catch(() => {});
    await second?.stop();
  }
});

it("follows Svix's schedule (scaled), retrying a 404 too, then marks the webhook failed; POST /_sink/webhooks/retry recovers it", async () => {
  const scale = 0.00005; // 5 s → 0 ms, 5 min → 15 ms, 30 min → 90 ms, 2 h → 360 ms, 5 h → 900 ms, 10 h → 1.8 s, 10 h → 1.8 s
  target.answer(404);
  const sink = await start({ webhookTimeScale: scale });
  const scheduled = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000].map((d) => Math.round(d * scale));
  expect((await webhooks(sink.url)).scheduleMs).toEqual(scheduled);
  const id = await send(sink.url, "nobody@x.test");
  await until(async () => (await webhooks(sink.url)).counts.failed === 2, "both events failed", 60_000);

  const failed = (await webhooks(sink.url, "?status=failed")).data;
  expect(failed.map((w) => w.attempts)).toEqual([8, 8]);
  for (const type of ["email.sent", "email.delivered"]) {
    const tries: TargetRequest[] = target.of(id, type);
    expect(tries).toHaveLength(8);
    expect(new Set(tries.map((t) => t.svixId)).size).toBe(1);
    const gaps = tries.slice(1).map((t, i) => t.at - tries[i].at);
    // Each wait starts after the failed attempt's answer, so a gap is at least the scheduled wait.
    gaps.forEach((gap, i) => expect(gap, `wait ${i + 1}`).toBeGreaterThanOrEqual(scheduled[i] - 2));
  }

  target.answer(200);
  expect(((await (await fetch(sink.url + "/_sink/webhooks/retry", { method: "POST" })).json()) as { requeued: number }).requeued).toBe(2);
  await until(async () => (await webhooks(sink.url)).counts.delivered === 2, "the recovered webhooks delivered");
  expect(
    target
      .accepted()
      .map((r) => r.type)
      .sort(),
  ).toEqual(["email.delivered", "email.sent"]);
});
