import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startResendSink, type RunningSink } from "../src/start-resend-sink";

let sink: RunningSink;
let dir: string;
const auth = { authorization: "Bearer re_test", "content-type": "application/json" };
const msg = (to = "maria@example.com") => ({
  from: "Harbor <a@harbor.test>",
  to: [to],
  subject: "Hello",
  html: "<p>Hi <b>Maria</b></p>",
  text: "Hi Maria",
});

async function post(p: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(sink.url + p, { method: "POST", headers: { ...auth, ...headers }, body: JSON.stringify(body) });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "resend-sink-"));
  sink = await startResendSink({ port: 0, dataDir: dir, log: () => {} });
});
afterAll(async () => {
  await sink.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await fetch(sink.url + "/_sink/emails", { method: "DELETE" });
  await fetch(sink.url + "/_sink/faults", { method: "DELETE" });
});

describe("Resend API subset", () => {
  it("POST /emails answers {id}; GET /emails/:id answers Resend's email object", async () => {
    const r = await post("/emails", msg());
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const got = await (await fetch(`${sink.url}/emails/${r.body.id}`, { headers: auth })).json();
    expect(got).toMatchObject({
      object: "email",
      id: r.body.id,
      to: ["maria@example.com"],
      subject: "Hello",
      last_event: expect.any(String),
    });
    expect(got.idempotency_key).toBeUndefined();
    const missing = await fetch(`${sink.url}/emails/nope`, { headers: auth });
    expect([missing.status, (await missing.json()).name]).toEqual([404, "not_found"]);
  });

  it("refuses a request without an API key and a bad payload, Resend-style", async () => {
    const res = await fetch(sink.url + "/emails", { method: "POST", body: JSON.stringify(msg()) });
    expect(await res.json()).toMatchObject({ statusCode: 401, name: "missing_api_key" });
    expect((await post("/emails", { ...msg(), to: "x" })).body).toMatchObject({ statusCode: 422, name: "validation_error" });
  });

  it("batch: ids in order, strict refuses all, permissive reports errors; each batch is one request", async () => {
    const before = (await (await fetch(sink.url + "/_sink/counts")).json()).requests;
    const ok = await post("/emails/batch", [msg("a@x.test"), msg("b@x.test")]);
    expect(ok.body.data).toHaveLength(2);
    const strict = await post("/emails/batch", [msg("c@x.test"), { ...msg(), to: "bad" }]);
    expect(strict.status).toBe(422);
    const permissive = await post("/emails/batch", [msg("d@x.test"), { ...msg(), to: "bad" }], { "x-batch-validation": "permissive" });
    expect(permissive.body).toMatchObject({ data: [{ id: expect.any(String) }], errors: [{ index: 1 }] });
    expect(
      (
        await post(
          "/emails/batch",
          Array.from({ length: 101 }, () => msg()),
        )
      ).status,
    ).toBe(422);
    const counts = await (await fetch(sink.url + "/_sink/counts")).json();
    expect(counts).toMatchObject({ total: 3, byRecipient: { "a@x.test": 1, "b@x.test": 1, "d@x.test": 1 }, held: 0, rateLimited: 0 });
    // Four requests, as Resend counts them against the team's limit, whatever their answer or size.
    expect(counts.requests - before).toBe(4);
  });
});

describe("idempotency", () => {
  it("same key + payload → same answer, one email; other payload → 409 invalid_idempotent_request", async () => {
    const a = await post("/emails", msg(), { "idempotency-key": "k1" });
    const b = await post("/emails", msg(), { "idempotency-key": "k1" });
    expect(b.body).toEqual(a.body);
    const c = await post("/emails", msg("other@x.test"), { "idempotency-key": "k1" });
    expect([c.status, c.body.name]).toEqual([409, "invalid_idempotent_request"]);
    expect(sink.store.list()).toHaveLength(1);
    expect((await post("/emails", msg(), { "idempotency-key": "x".repeat(257) })).body.name).toBe("invalid_idempotency_key");
  });

  it("concurrent same key → 409 concurrent_idempotent_requests", async () => {
    sink.faults.update({ latencyMs: 300 });
    const [a, b] = await Promise.all([
      post("/emails", msg(), { "idempotency-key": "k2" }),
      new Promise((r) => setTimeout(r, 50)).then(() => post("/emails", msg(), { "idempotency-key": "k2" })),
    ]);
    expect(a.status).toBe(200);
    expect([b.status, b.body.name]).toEqual([409, "concurrent_idempotent_requests"]);
    expect(sink.store.list()).toHaveLength(1);
  });

  it("a failed request does not burn the key", async () => {
    sink.faults.update({ failNext: 1 });
    expect((await post("/emails", msg(), { "idempotency-key": "k3" })).status).toBe(500);
    expect((await post("/emails", msg(), { "idempotency-key": "k3" })).status).toBe(200);
    expect(sink.store.list()).toHaveLength(1);
  });
});

describe("faults, rate limit, persistence, pages", () => {
  it("rate limit: 429 with retry-after and Resend's body", async () => {
    await post("/_sink/faults", { rateLimitPerSecond: 2 });
    const before = (await (await fetch(sink.url + "/_sink/counts")).json()).rateLimited;
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await post("/emails", msg()));
    const limited = results[2];
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ statusCode: 429, name: "rate_limit_exceeded" });
    expect(limited.headers.get("retry-after")).toBe("1");
    // The sink counts the 429s it answered: the benchmark reports them (none in the steady state).
    expect((await (await fetch(sink.url + "/_sink/counts")).json()).rateLimited - before).toBe(1);
  });

  it("logs when each request reached the rate limiter and whether it was refused (the bench's pacing report)", async () => {
    await post("/_sink/faults", { rateLimitPerSecond: 1 });
    const since = Date.now();
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post("/emails", msg())).status);
    const { data } = await (await fetch(`${sink.url}/_sink/requests?since=${since}`)).json();
    // The log says what each request was answered, in order (which ones the window refused is up to the clock).
    expect(data.map((r: { limited: boolean }) => r.limited)).toEqual(statuses.map((s) => s === 429));
    expect(data[0].at).toBeGreaterThanOrEqual(since);
    expect(data[2].at).toBeGreaterThanOrEqual(data[0].at);
    // A later `since` leaves the older requests out.
    expect((await (await fetch(`${sink.url}/_sink/requests?since=${data[2].at + 1}`)).json()).data).toEqual([]);
  });

  it("faults are settable at run time and reset", async () => {
    const set = await post("/_sink/faults", { errorRate: 1, bounce: ["x@y.test"] });
    expect(set.body).toMatchObject({ errorRate: 1, bounce: ["x@y.test"] });
    expect((await post("/emails", msg())).body).toMatchObject({ statusCode: 500, name: "internal_server_error" });
    expect((await post("/_sink/faults", { errorRate: 7 })).status).toBe(400);
    await post("/_sink/faults", { errorRate: 0, outageForMs: 60_000 });
    const down = await fetch(sink.url + "/emails", { method: "POST", headers: auth, body: JSON.stringify(msg()) });
    expect(down.status).toBe(503);
    expect(await (await fetch(sink.url + "/_sink/faults", { method: "DELETE" })).json()).toMatchObject({ errorRate: 0, outageUntil: 0 });
  });

  it("keeps emails and idempotency keys across a restart", async () => {
    const first = await post("/emails", msg("keep@x.test"), { "idempotency-key": "persist" });
    await sink.close();
    sink = await startResendSink({ port: 0, dataDir: dir, log: () => {} });
    const list = await (await fetch(`${sink.url}/_sink/emails?to=KEEP@x.test`)).json();
    expect(list.data.map((e: { id: string }) => e.id)).toEqual([first.body.id]);
    expect((await post("/emails", msg("keep@x.test"), { "idempotency-key": "persist" })).body).toEqual(first.body);
    expect(sink.store.list()).toHaveLength(1);
  });

  it("inbox page lists emails; the email page sandboxes the HTML and shows text and headers", async () => {
    const { body } = await post("/emails", {
      ...msg(),
      subject: "<script>x</script>",
      headers: { "List-Unsubscribe": "<https://a.test/u>" },
    });
    const list = await (await fetch(sink.url + "/")).text();
    expect(list).toContain(`/inbox/${body.id}`);
    expect(list).not.toContain("<script>x</script>");
    const page = await (await fetch(`${sink.url}/inbox/${body.id}`)).text();
    expect(page).toMatch(/<iframe sandbox=""[^>]*srcdoc="&lt;p&gt;Hi &lt;b&gt;Maria/);
    expect(page).toContain("Hi Maria</pre>");
    expect(page).toContain("List-Unsubscribe");
  });
});
