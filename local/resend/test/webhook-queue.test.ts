import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { signSvix } from "../src/sign-svix";
import type { StoredEmail } from "../src/types";
import { WebhookSender, type WebhookPost } from "../src/webhook-sender";
import { nextAttemptAt, SVIX_RETRY_DELAYS_MS, webhookSchedule } from "../src/webhook-schedule";

const SECRET = "whsec_" + Buffer.from("unit test secret, 32 bytes long!").toString("base64");
const URL = "http://receiver.test/hook";
const HOUR = 3_600_000;

function email(id: string): StoredEmail {
  return {
    object: "email",
    id,
    created_at: new Date(0).toISOString(),
    from: "a@h.test",
    to: [`${id}@x.test`],
    cc: null,
    bcc: null,
    reply_to: null,
    subject: "S",
    html: null,
    text: "T",
    headers: null,
    tags: null,
    scheduled_at: null,
    last_event: "sent",
    message_id: `<${id}@sink>`,
    idempotency_key: null,
    batch: false,
    events: [],
  };
}

type Call = { at: number; svixId: string; timestamp: string; signature: string; body: string };

/** A receiver answering `answer()` for every call, recording when and what it got. */
function recorder(answer: () => number | { status: number; abort?: boolean }) {
  const calls: Call[] = [];
  const post: WebhookPost = async (_url, { headers, body }) => {
    calls.push({
      at: Date.now(),
      svixId: headers["svix-id"],
      timestamp: headers["svix-timestamp"],
      signature: headers["svix-signature"],
      body,
    });
    const a = answer();
    return typeof a === "number" ? { status: a } : a;
  };
  return { calls, post };
}

describe("the schedule", () => {
  it("is Svix's, scaled", () => {
    expect(SVIX_RETRY_DELAYS_MS).toEqual([5_000, 300_000, 1_800_000, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR]);
    expect(webhookSchedule()).toEqual({ delaysMs: SVIX_RETRY_DELAYS_MS, maxAttempts: 8 });
    expect(webhookSchedule(undefined, 0.001).delaysMs).toEqual([5, 300, 1_800, 7_200, 18_000, 36_000, 36_000]);
    expect(webhookSchedule([100, 200], 0.5)).toEqual({ delaysMs: [50, 100], maxAttempts: 3 });
    expect(() => webhookSchedule(undefined, 0)).toThrow(/positive/);
    const s = webhookSchedule();
    expect(nextAttemptAt(s, 1, 1000)).toBe(6000);
    expect(nextAttemptAt(s, 7, 0)).toBe(10 * HOUR);
    expect(nextAttemptAt(s, 8, 0)).toBeNull();
  });
});

describe("attempts (fake clock, memory only)", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  for (const scale of [1, 0.01]) {
    it(`follows the schedule (time scale ${scale}), then marks the webhook failed`, async () => {
      const r = recorder(() => 500);
      const sender = new WebhookSender({ url: URL, secret: SECRET, dataDir: null, timeScale: scale, post: r.post });
      const t0 = Date.now();
      sender.send(email("e1"), "email.delivered", new Date().toISOString());
      await vi.advanceTimersByTimeAsync(40 * HOUR * scale);
      // Immediately, then each wait after the preceding failure: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
      const expected = [0, 5_000, 300_000, 1_800_000, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR].map((d) => d * scale);
      const cumulative = expected.map((_, i) => expected.slice(0, i + 1).reduce((a, b) => a + b, 0));
      expect(r.calls.map((c) => c.at - t0)).toEqual(cumulative);
      expect(sender.counts()).toEqual({ pending: 0, sending: 0, failed: 1, delivered: 0 });
      expect(sender.list()).toMatchObject([{ status: "failed", attempts: 8, lastStatus: 500, lastError: "HTTP 500" }]);
      await vi.advanceTimersByTimeAsync(100 * HOUR);
      expect(r.calls).toHaveLength(8);
      await sender.close();
    });
  }

  it("keeps the svix-id across attempts and signs each attempt anew with its own timestamp", async () => {
    let n = 0;
    const r = recorder(() => (++n < 4 ? 503 : 200));
    const sender = new WebhookSender({ url: URL, secret: SECRET, dataDir: null, post: r.post });
    sender.send(email("e2"), "email.bounced", new Date().toISOString());
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(r.calls).toHaveLength(4);
    expect(new Set(r.calls.map((c) => c.svixId)).size).toBe(1);
    expect(new Set(r.calls.map((c) => c.timestamp)).size).toBe(4);
    for (const c of r.calls) expect(c.signature).toBe(signSvix(SECRET, c.svixId, Number(c.timestamp), c.body));
    expect(JSON.parse(r.calls[0].body)).toMatchObject({ type: "email.bounced", data: { email_id: "e2", bounce: { type: "Permanent" } } });
    expect(sender.counts()).toEqual({ pending: 0, sending: 0, failed: 0, delivered: 1 });
    expect(sender.list()).toMatchObject([{ status: "delivered", attempts: 4, lastStatus: 200 }]);
    await sender.close();
  });

  it("retries any non-2xx answer and network errors (as Svix), stops on webhook-delivery: abort-message", async () => {
    const answers: (number | { status: number; abort?: boolean } | Error)[] = [404, 301, 401, new Error("connect ECONNREFUSED"), 200];
    const r = recorder(() => {
      const a = answers.shift()!;
      if (a instanceof Error) throw a;
      return a;
    });
    const sender = new WebhookSender({ url: URL, dataDir: null, post: r.post });
    sender.send(email("e3"), "email.delivered", new Date().toISOString());
    await vi.advanceTimersByTimeAsync(3 * HOUR);
    expect(r.calls).toHaveLength(5);
    expect(sender.counts().delivered).toBe(1);

    const aborting = recorder(() => ({ status: 400, abort: true }));
    const s2 = new WebhookSender({ url: URL, dataDir: null, post: aborting.post });
    s2.send(email("e4"), "email.delivered", new Date().toISOString());
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(aborting.calls).toHaveLength(1);
    expect(s2.counts().failed).toBe(1);
    await Promise.all([sender.close(), s2.close()]);
  });

  it("keeps at most `concurrency` requests in flight", async () => {
    let inFlight = 0;
    let peak = 0;
    const post: WebhookPost = async () => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 10));
      inFlight -= 1;
      return { status: 200 };
    };
    const sender = new WebhookSender({ url: URL, dataDir: null, concurrency: 5, post });
    for (let i = 0; i < 200; i++) sender.send(email(`c${i}`), "email.sent", new Date().toISOString());
    expect(sender.counts().sending).toBe(5);
    await vi.advanceTimersByTimeAsync(1000);
    expect(peak).toBe(5);
    expect(sender.counts()).toEqual({ pending: 0, sending: 0, failed: 0, delivered: 200 });
    await sender.close();
  });

  it("POST /_sink/webhooks/retry: pending ones are due now, failed ones start the schedule again", async () => {
    let ok = false;
    const r = recorder(() => (ok ? 200 : 500));
    const sender = new WebhookSender({ url: URL, dataDir: null, retryDelaysMs: [HOUR], post: r.post });
    sender.send(email("r1"), "email.sent", new Date().toISOString());
    await vi.advanceTimersByTimeAsync(2 * HOUR); // 2 attempts: failed
    sender.send(email("r2"), "email.sent", new Date().toISOString());
    await vi.advanceTimersByTimeAsync(1000); // 1 attempt: pending for an hour
    expect(sender.counts()).toMatchObject({ pending: 1, failed: 1 });
    ok = true;
    expect(sender.retryNow()).toBe(2);
    await vi.advanceTimersByTimeAsync(0);
    expect(sender.counts()).toEqual({ pending: 0, sending: 0, failed: 0, delivered: 2 });
    await sender.close();
  });
});

describe("the journal (data dir)", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "sink-webhooks-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const until = async (cond: () => boolean) => {
    for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(cond()).toBe(true);
  };

  it("a webhook is on disk before send() returns, and a new process resumes it with the same svix-id and attempts", async () => {
    const a = recorder(() => 500);
    const first = new WebhookSender({ url: URL, dataDir: dir, retryDelaysMs: [HOUR, HOUR], post: a.post });
    first.send(email("p1"), "email.delivered", "2026-01-01T00:00:00.000Z");
    first.send(email("p2"), "email.bounced", "2026-01-01T00:00:00.000Z");
    expect(readFileSync(path.join(dir, "webhooks.jsonl"), "utf8").split("\n").filter(Boolean)).toHaveLength(2);
    await until(() => a.calls.length === 2 && first.counts().sending === 0);
    // `first` is never closed: as after a SIGKILL, only what it wrote is left.
    const b = recorder(() => 200);
    const second = new WebhookSender({ url: URL, dataDir: dir, retryDelaysMs: [HOUR, HOUR], post: b.post });
    const bySvixId = (x: { svixId: string }, y: { svixId: string }) => x.svixId.localeCompare(y.svixId);
    expect(
      second
        .list()
        .sort(bySvixId)
        .map((v) => [v.svixId, v.status, v.attempts]),
    ).toEqual([...a.calls].sort(bySvixId).map((c) => [c.svixId, "pending", 1]));
    expect(second.retryNow()).toBe(2);
    await until(() => b.calls.length === 2);
    expect(b.calls.sort(bySvixId).map((c) => [c.svixId, c.body])).toEqual(a.calls.sort(bySvixId).map((c) => [c.svixId, c.body]));
    await until(() => second.counts().delivered === 2);
    await second.close();
    await first.close();
    const third = new WebhookSender({ url: URL, dataDir: dir, post: recorder(() => 200).post });
    expect(third.counts()).toEqual({ pending: 0, sending: 0, failed: 0, delivered: 2 });
    await third.close();
  });

  it("drops a record cut short by a crash and appends after it cleanly", async () => {
    const hold = recorder(() => 500);
    const first = new WebhookSender({ url: URL, dataDir: dir, retryDelaysMs: [HOUR], post: hold.post });
    first.send(email("t1"), "email.sent", "2026-01-01T00:00:00.000Z");
    await until(() => hold.calls.length === 1 && first.counts().sending === 0);
    await first.close();
    appendFileSync(path.join(dir, "webhooks.jsonl"), '{"t":"q","id":"msg_torn","email":"t2","ty');
    const ok = recorder(() => 200);
    const second = new WebhookSender({ url: URL, dataDir: dir, retryDelaysMs: [HOUR], post: ok.post, log: () => {} });
    expect(second.list().map((v) => v.emailId)).toEqual(["t1"]);
    second.send(email("t3"), "email.sent", "2026-01-01T00:00:00.000Z");
    await until(() => ok.calls.length === 1);
    second.retryNow();
    await until(() => second.counts().delivered === 2);
    await second.close();
    const lines = readFileSync(path.join(dir, "webhooks.jsonl"), "utf8").split("\n").filter(Boolean);
    for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
  });

  it("compacts: delivered webhooks leave the file, pending ones keep their body; memory holds no bodies", async () => {
    let ok = (_body: string) => false;
    const r = recorder(() => 0);
    const post: WebhookPost = async (url, init) => {
      await r.post(url, init);
      return { status: ok(init.body) ? 200 : 500 };
    };
    const sender = new WebhookSender({ url: URL, dataDir: dir, retryDelaysMs: [HOUR, HOUR, HOUR], post, compactMinBytes: 1 });
    const ids = Array.from({ length: 50 }, (_, i) => `k${i}`);
    for (const id of ids) sender.send(email(id), "email.delivered", "2026-01-01T00:00:00.000Z");
    await until(() => r.calls.length === 50 && sender.counts().sending === 0);
    const index = (sender as unknown as { index: Map<string, { body?: string }> }).index;
    expect(index.size).toBe(50);
    expect([...index.values()].every((e) => e.body === undefined)).toBe(true);
    const file = path.join(dir, "webhooks.jsonl");
    const before = statSync(file).size;
    const firstTry = new Map(r.calls.map((c) => [JSON.parse(c.body).data.email_id as string, c]));

    ok = (body) => Number(JSON.parse(body).data.email_id.slice(1)) < 40; // k0…k39 accepted, k40…k49 not yet
    sender.retryNow();
    await until(() => sender.counts().delivered === 40 && sender.counts().sending === 0);
    await until(() => statSync(file).size < before / 2); // rewritten with the 10 pending ones only
    ok = () => true;
    sender.retryNow();
    await until(() => sender.counts().delivered === 50);
    for (const id of ids.slice(40)) {
      const last = r.calls.filter((c) => JSON.parse(c.body).data.email_id === id).at(-1)!;
      expect([last.svixId, last.body]).toEqual([firstTry.get(id)!.svixId, firstTry.get(id)!.body]);
    }
    await sender.close();
    expect(statSync(file).size).toBeLessThan(200);
    const again = new WebhookSender({ url: URL, dataDir: dir, post });
    expect(again.counts()).toEqual({ pending: 0, sending: 0, failed: 0, delivered: 50 });
    await again.close();
  });
});
