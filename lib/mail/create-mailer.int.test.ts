import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startResendSink, type RunningSink } from "@/local/resend/src/start-resend-sink";
import { createMailer, type Mailer } from "./create-mailer";
import type { OutgoingEmail } from "./mail-types";

let sink: RunningSink;
let mailer: Mailer;
let dir: string;

const email = (to = "maria@example.com", extra: Partial<OutgoingEmail> = {}): OutgoingEmail => ({
  to,
  subject: "Office closed Monday",
  html: "<p>Hi Maria</p>",
  text: "Hi Maria",
  headers: { "List-Unsubscribe": "<https://app.test/api/unsubscribe/t>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  ...extra,
});

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "mailer-sink-"));
  sink = await startResendSink({ port: 0, dataDir: dir, log: () => {} });
  mailer = createMailer({ apiKey: "re_test", baseUrl: sink.url, from: "Harbor <agents@harbor.test>", timeoutMs: 2000 });
});
afterAll(async () => {
  await sink?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  sink.store.clear();
  sink.faults.reset();
});

describe("mailer against the local Resend sink", () => {
  it("sends one email with its headers", async () => {
    const out = await mailer.send(email(), { idempotencyKey: "blast:b1:customer:c1" });
    expect(out.kind).toBe("sent");
    const stored = sink.store.list({ to: "maria@example.com" });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      from: "Harbor <agents@harbor.test>",
      subject: "Office closed Monday",
      text: "Hi Maria",
      idempotency_key: "blast:b1:customer:c1",
    });
    expect(stored[0].headers).toMatchObject({ "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
    if (out.kind === "sent") expect(stored[0].id).toBe(out.id);
  });

  it("replaying the same key and payload returns the same id and sends nothing new", async () => {
    const a = await mailer.send(email(), { idempotencyKey: "k-replay" });
    const b = await mailer.send(email(), { idempotencyKey: "k-replay" });
    expect(a).toEqual(b);
    expect(sink.store.list()).toHaveLength(1);
  });

  it("the same key with another payload is permanent (and sends nothing)", async () => {
    await mailer.send(email(), { idempotencyKey: "k-conflict" });
    const out = await mailer.send(email("other@example.com"), { idempotencyKey: "k-conflict" });
    expect(out).toMatchObject({ kind: "permanent", code: "invalid_idempotent_request" });
    expect(sink.store.list()).toHaveLength(1);
  });

  it("429 with retry-after, then success after waiting", async () => {
    sink.faults.update({ rateLimitPerSecond: 1 });
    expect((await mailer.send(email("a@example.com"), { idempotencyKey: "r1" })).kind).toBe("sent");
    const limited = await mailer.send(email("b@example.com"), { idempotencyKey: "r2" });
    expect(limited).toMatchObject({ kind: "rate_limited", retryAfterSeconds: 1, code: "rate_limit_exceeded" });
    if (limited.kind !== "rate_limited") return;
    await new Promise((r) => setTimeout(r, limited.retryAfterSeconds * 1000 + 50));
    expect((await mailer.send(email("b@example.com"), { idempotencyKey: "r2" })).kind).toBe("sent");
    expect(sink.store.list()).toHaveLength(2);
  });

  it("5xx is transient; the retry under the same key sends exactly once", async () => {
    sink.faults.update({ failNext: 1 });
    expect(await mailer.send(email(), { idempotencyKey: "k5" })).toMatchObject({ kind: "transient", statusCode: 500 });
    expect(sink.store.list()).toHaveLength(0);
    expect((await mailer.send(email(), { idempotencyKey: "k5" })).kind).toBe("sent");
    expect(sink.store.list()).toHaveLength(1);
  });

  it("an outage (503 HTML page, reset connection) is transient", async () => {
    sink.faults.update({ outageUntil: Date.now() + 60_000 });
    expect(await mailer.send(email(), { idempotencyKey: "o1" })).toMatchObject({ kind: "transient", statusCode: 503 });
    sink.faults.update({ outageMode: "reset" });
    expect(await mailer.send(email(), { idempotencyKey: "o1" })).toMatchObject({ kind: "transient", statusCode: null });
    expect(sink.store.list()).toHaveLength(0);
  });

  it("a timeout is transient; the retry under the same key never makes a second email", async () => {
    const impatient = createMailer({ apiKey: "re_test", baseUrl: sink.url, from: "Harbor <agents@harbor.test>", timeoutMs: 150 });
    sink.faults.update({ latencyMs: 600 });
    expect(await impatient.send(email(), { idempotencyKey: "slow" })).toMatchObject({ kind: "transient" });
    // The provider is still working on the first request: same key now → concurrent → transient.
    sink.faults.update({ latencyMs: 0 });
    expect(await mailer.send(email(), { idempotencyKey: "slow" })).toMatchObject({
      kind: "transient",
      code: "concurrent_idempotent_requests",
    });
    await new Promise((r) => setTimeout(r, 700));
    const replay = await mailer.send(email(), { idempotencyKey: "slow" });
    expect(replay.kind).toBe("sent");
    expect(sink.store.list()).toHaveLength(1); // the first (timed-out) request did send; the retry got its id
    if (replay.kind === "sent") expect(sink.store.list()[0].id).toBe(replay.id);
  });

  it("a refused payload is permanent", async () => {
    expect(await mailer.send(email("not-an-address"), { idempotencyKey: "bad" })).toMatchObject({
      kind: "permanent",
      code: "validation_error",
      statusCode: 422,
    });
    const noKey = createMailer({ apiKey: "re_test", baseUrl: sink.url, from: "" });
    expect(await noKey.send(email(), { idempotencyKey: "nofrom" })).toMatchObject({ kind: "permanent", code: "missing_required_field" });
  });

  it("sends a batch, idempotently, and refuses more than 100", async () => {
    const batch = [email("a@example.com"), email("b@example.com"), email("c@example.com")];
    const out = await mailer.sendBatch(batch, { idempotencyKey: "batch-1" });
    expect(out.kind).toBe("sent");
    if (out.kind === "sent") expect(out.results.every((r) => "id" in r)).toBe(true);
    expect(await mailer.sendBatch(batch, { idempotencyKey: "batch-1" })).toEqual(out);
    expect(sink.store.list()).toHaveLength(3);
    const tooMany = Array.from({ length: 101 }, (_, i) => email(`p${i}@example.com`));
    expect((await mailer.sendBatch(tooMany, { idempotencyKey: "batch-2" })).kind).toBe("permanent");
  });

  it("a batch with one bad address sends the other emails and names the refused one", async () => {
    const batch = [email("d@example.com"), email("not-an-address"), email("e@example.com")];
    const out = await mailer.sendBatch(batch, { idempotencyKey: "batch-3" });
    expect(out.kind).toBe("sent");
    if (out.kind !== "sent") return;
    expect(out.results.map((r) => ("id" in r ? "id" : "error"))).toEqual(["id", "error", "id"]);
    const accepted = out.results.flatMap((r) => ("id" in r ? [r.id] : []));
    expect(accepted.map((id) => sink.store.get(id)?.to)).toEqual([["d@example.com"], ["e@example.com"]]);
  });
});
