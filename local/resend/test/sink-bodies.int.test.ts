import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startResendSink, type RunningSink } from "../src/start-resend-sink";
import { startWebhookTarget } from "./webhook-target";

// The sink keeps the bodies (html, text, headers) of its newest `keepBodies` emails only; every email
// keeps its metadata and events, counts stay exact, and a restart applies the same bound.

const SECRET = "whsec_" + Buffer.from("a test secret of 32 bytes length").toString("base64");
const auth = { authorization: "Bearer re_test", "content-type": "application/json" };
const msg = (n: number, to = `c${n}@x.test`) => ({
  from: "Harbor <a@harbor.test>",
  to: [to],
  subject: `Hello ${n}`,
  html: `<p>Hi <b>customer ${n}</b></p>`,
  text: `Hi customer ${n}`,
  headers: { "List-Unsubscribe": `<https://a.test/u/${n}>` },
  tags: [{ name: "blast", value: "b1" }],
});
type Email = {
  id: string;
  to: string[];
  from: string;
  subject: string;
  created_at: string;
  html: string | null;
  text: string | null;
  headers: Record<string, string> | null;
  tags: { name: string; value: string }[] | null;
  last_event: string;
  events?: { type: string; at: string }[];
  body_dropped?: true;
};

const dirs: string[] = [];
const sinks: RunningSink[] = [];
let target: Awaited<ReturnType<typeof startWebhookTarget>>;
beforeAll(async () => {
  target = await startWebhookTarget(SECRET, 200);
});
afterEach(async () => {
  for (const s of sinks.splice(0)) await s.close();
});
afterAll(async () => {
  await target.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), "resend-sink-bodies-"));
  dirs.push(d);
  return d;
}
async function start(keepBodies: number, dataDir: string | null): Promise<RunningSink> {
  const sink = await startResendSink({
    port: 0,
    dataDir,
    keepBodies,
    deliveryDelayMs: 10,
    webhookUrl: target.url,
    webhookSecret: SECRET,
    log: () => {},
  });
  sinks.push(sink);
  return sink;
}
async function post(sink: RunningSink, p: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(sink.url + p, { method: "POST", headers: { ...auth, ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}
const getJson = async (sink: RunningSink, p: string, headers: Record<string, string> = {}) =>
  (await fetch(sink.url + p, { headers })).json();
const counts = (sink: RunningSink) => getJson(sink, "/_sink/counts");
const listed = async (sink: RunningSink): Promise<Email[]> => (await getJson(sink, "/_sink/emails")).data;
async function until(what: string, cond: () => Promise<boolean> | boolean) {
  for (let i = 0; i < 200; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** 7 emails: a batch of 5 (c1..c5, key "batch-1"), then c6 and c1 again one by one. */
async function sendSeven(sink: RunningSink): Promise<string[]> {
  const batch = await post(
    sink,
    "/emails/batch",
    [1, 2, 3, 4, 5].map((n) => msg(n)),
    { "idempotency-key": "batch-1" },
  );
  expect(batch.status).toBe(200);
  const six = await post(sink, "/emails", msg(6), { "idempotency-key": "single-6" });
  const seven = await post(sink, "/emails", msg(7, "c1@x.test"));
  return [...batch.body.data.map((d: { id: string }) => d.id), six.body.id, seven.body.id];
}

describe.each([
  ["with a data dir (bodies read back from the log)", true],
  ["in memory (no data dir)", false],
])("bodies of the newest N emails only — %s", (_name, withDir) => {
  it("counts stay exact past N; old emails keep metadata and events, lose their body; recent ones keep it", async () => {
    const sink = await start(3, withDir ? tempDir() : null);
    const ids = await sendSeven(sink);

    // Counts: every email accepted, whatever was dropped.
    expect(await counts(sink)).toMatchObject({
      total: 7,
      byRecipient: { "c1@x.test": 2, "c2@x.test": 1, "c3@x.test": 1, "c4@x.test": 1, "c5@x.test": 1, "c6@x.test": 1 },
      requests: 3,
      rateLimited: 0,
    });

    // The oldest email (Resend's GET /emails/:id): metadata kept, body null and said to be dropped.
    await until("the oldest email delivered", async () => (await getJson(sink, `/emails/${ids[0]}`, auth)).last_event === "delivered");
    const old = (await getJson(sink, `/emails/${ids[0]}`, auth)) as Email;
    expect(old).toMatchObject({
      object: "email",
      id: ids[0],
      to: ["c1@x.test"],
      from: "Harbor <a@harbor.test>",
      subject: "Hello 1",
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      tags: [{ name: "blast", value: "b1" }],
      html: null,
      text: null,
      headers: null,
      last_event: "delivered",
      body_dropped: true,
    });

    // The newest three keep theirs.
    const recent = (await getJson(sink, `/emails/${ids[4]}`, auth)) as Email;
    expect(recent).toMatchObject({
      html: "<p>Hi <b>customer 5</b></p>",
      text: "Hi customer 5",
      headers: { "List-Unsubscribe": "<https://a.test/u/5>" },
    });
    expect(recent.body_dropped).toBeUndefined();

    // The test list: all seven, oldest first; the four oldest without a body, with their events.
    const all = await listed(sink);
    expect(all.map((e) => e.id)).toEqual(ids);
    expect(all.map((e) => e.body_dropped ?? false)).toEqual([true, true, true, true, false, false, false]);
    expect(all.slice(4).map((e) => e.text)).toEqual(["Hi customer 5", "Hi customer 6", "Hi customer 7"]);
    expect(all[1].events!.map((e) => e.type)).toEqual(["email.sent", "email.delivered"]);
    expect((await getJson(sink, `/_sink/emails?to=C1@x.test`)).data.map((e: Email) => e.id)).toEqual([ids[0], ids[6]]);

    // The lifecycle still works for an old email: a late complaint is recorded and its webhook carries the metadata.
    const complained = await post(sink, `/_sink/emails/${ids[1]}/events`, { type: "email.complained" });
    expect(complained.body).toMatchObject({ id: ids[1], last_event: "complained", body_dropped: true });
    await until("the complaint webhook", () => target.of(ids[1], "email.complained").length === 1);
    await until("every email's delivered webhook", () => ids.every((id) => target.of(id, "email.delivered").length === 1));

    // Idempotency outlives the bodies: the first batch's key answers its ids again and sends nothing.
    const again = await post(
      sink,
      "/emails/batch",
      [1, 2, 3, 4, 5].map((n) => msg(n)),
      { "idempotency-key": "batch-1" },
    );
    expect(again.body.data.map((d: { id: string }) => d.id)).toEqual(ids.slice(0, 5));
    const conflict = await post(sink, "/emails", msg(99), { "idempotency-key": "single-6" });
    expect([conflict.status, conflict.body.name]).toEqual([409, "invalid_idempotent_request"]);
    expect((await counts(sink)).total).toBe(7);

    // The inbox: an old email's page says its body was dropped; a recent one shows it.
    const oldPage = await (await fetch(`${sink.url}/inbox/${ids[0]}`)).text();
    expect(oldPage).toContain("Body dropped.");
    expect(oldPage).toContain("Hello 1");
    const recentPage = await (await fetch(`${sink.url}/inbox/${ids[6]}`)).text();
    expect(recentPage).toContain("Hi customer 7</pre>");
    expect(recentPage).not.toContain("Body dropped.");
    const inbox = await (await fetch(sink.url + "/")).text();
    expect(inbox).toContain("7 email(s).");
    expect(inbox).toContain("kept for the newest 3 emails only");

    // DELETE clears everything, counts included.
    expect(await (await fetch(sink.url + "/_sink/emails", { method: "DELETE" })).json()).toEqual({ deleted: 7 });
    expect(await counts(sink)).toMatchObject({ total: 0, byRecipient: {} });
  });
});

describe("restart", () => {
  it("reloads every email's metadata and events but only the newest N bodies; a bigger N brings more back", async () => {
    const dir = tempDir();
    let sink = await start(3, dir);
    const ids = await sendSeven(sink);
    await until("all delivered", async () => (await listed(sink)).every((e) => e.last_event === "delivered"));
    await sink.close();
    sinks.length = 0;

    sink = await start(2, dir);
    expect(await counts(sink)).toMatchObject({ total: 7, byRecipient: { "c1@x.test": 2, "c6@x.test": 1 } });
    const all = await listed(sink);
    expect(all.map((e) => e.id)).toEqual(ids);
    expect(all.map((e) => e.body_dropped ?? false)).toEqual([true, true, true, true, true, false, false]);
    expect(all.every((e) => e.last_event === "delivered" && e.events!.length === 2)).toBe(true);
    expect(sink.store.bodiesKept).toBe(2);
    // Keys survive the restart as well.
    const again = await post(sink, "/emails", msg(6), { "idempotency-key": "single-6" });
    expect(again.body.id).toBe(ids[5]);
    await sink.close();
    sinks.length = 0;

    // The log keeps every body: a sink started with a larger N has them back.
    sink = await start(100, dir);
    expect((await listed(sink)).map((e) => e.text)).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `Hi customer ${n}`));
  });

  it("an email larger than the 1 MB read chunk reloads intact", async () => {
    const dir = tempDir();
    let sink = await start(10, dir);
    const html = `<p>${"é".repeat(1_500_000)}</p>`; // two bytes a character: the line spans 3 chunks
    const big = await post(sink, "/emails", { ...msg(1), html });
    const after = await post(sink, "/emails", msg(2));
    await sink.close();
    sinks.length = 0;
    sink = await start(10, dir);
    expect(((await getJson(sink, `/emails/${big.body.id}`, auth)) as Email).html).toBe(html);
    expect(((await getJson(sink, `/emails/${after.body.id}`, auth)) as Email).text).toBe("Hi customer 2");
    // The test list is written in parts (a few hundred KB each): still one JSON document.
    const list = await getJson(sink, "/_sink/emails");
    expect([list.count, list.data.map((e: Email) => e.html?.length)]).toEqual([2, [html.length, msg(2).html.length]]);
  });

  it("a log whose last line was cut short by a crash loads the rest and goes on appending after it", async () => {
    const dir = tempDir();
    let sink = await start(10, dir);
    const first = await post(sink, "/emails", msg(1));
    await sink.close();
    sinks.length = 0;
    appendFileSync(path.join(dir, "emails.jsonl"), '{"t":"email","email":{"id":"half-writ');

    sink = await start(10, dir);
    const second = await post(sink, "/emails", msg(2));
    await sink.close();
    sinks.length = 0;
    expect(readFileSync(path.join(dir, "emails.jsonl"), "utf8")).not.toContain("half-writ");

    sink = await start(10, dir);
    const all = await listed(sink);
    expect(all.map((e) => [e.id, e.text])).toEqual([
      [first.body.id, "Hi customer 1"],
      [second.body.id, "Hi customer 2"],
    ]);
  });
});
