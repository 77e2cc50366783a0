import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { startResendSink, type RunningSink } from "../src/start-resend-sink";

const SECRET = "whsec_" + Buffer.from("a test secret of 32 bytes length").toString("base64");
type Received = { headers: Record<string, string>; body: string; json: { type: string; data: Record<string, unknown> } };
let received: Received[] = [];
let failFirst = 0;
let receiver: Server;
let sink: RunningSink;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      if (failFirst > 0) {
        failFirst -= 1;
        res.writeHead(500).end();
        return;
      }
      received.push({ headers: req.headers as Record<string, string>, body, json: JSON.parse(body) });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const port = (receiver.address() as AddressInfo).port;
  sink = await startResendSink({
    port: 0,
    dataDir: null,
    webhookUrl: `http://127.0.0.1:${port}/api/webhooks/resend`,
    webhookSecret: SECRET,
    deliveryDelayMs: 20,
    webhookRetryDelaysMs: [30, 30],
    faults: { bounce: ["*@bounce.test"], complain: ["angry@x.test"] },
    log: () => {},
  });
});
afterAll(async () => {
  await sink.close();
  await new Promise((r) => receiver.close(r));
});
beforeEach(() => {
  received = [];
  failFirst = 0;
});

async function send(to: string): Promise<string> {
  const res = await fetch(sink.url + "/emails", {
    method: "POST",
    headers: { authorization: "Bearer re_x", "content-type": "application/json" },
    body: JSON.stringify({ from: "a@h.test", to, subject: "S", text: "T", tags: [{ name: "blast", value: "b1" }] }),
  });
  return ((await res.json()) as { id: string }).id;
}
const until = async (cond: () => boolean) => {
  for (let i = 0; i < 100 && !cond(); i++) await new Promise((r) => setTimeout(r, 20));
  expect(cond()).toBe(true);
};
const types = (id: string) => received.filter((r) => r.json.data.email_id === id).map((r) => r.json.type);

it("posts email.sent then email.delivered, signed the Svix way, in Resend's shape", async () => {
  const id = await send("ok@x.test");
  await until(() => types(id).length === 2);
  expect(types(id)).toEqual(["email.sent", "email.delivered"]);
  const { headers, body, json } = received[1];
  const key = Buffer.from(SECRET.slice(6), "base64");
  const expected = createHmac("sha256", key).update(`${headers["svix-id"]}.${headers["svix-timestamp"]}.${body}`).digest("base64");
  expect(headers["svix-signature"]).toBe(`v1,${expected}`);
  expect(Math.abs(Number(headers["svix-timestamp"]) - Date.now() / 1000)).toBeLessThan(5);
  expect(json).toMatchObject({
    type: "email.delivered",
    created_at: expect.any(String),
    data: { email_id: id, to: ["ok@x.test"], subject: "S", tags: { blast: "b1" } },
  });
  expect((await (await fetch(`${sink.url}/_sink/emails/${id}`)).json()).last_event).toBe("delivered");
});

it("bounces and complaints follow the fault settings", async () => {
  const bounced = await send("someone@bounce.test");
  const complained = await send("angry@x.test");
  await until(() => types(bounced).length === 2 && types(complained).length === 3);
  expect(types(bounced)).toEqual(["email.sent", "email.bounced"]);
  expect(received.find((r) => r.json.type === "email.bounced")!.json.data.bounce).toMatchObject({ type: "Permanent" });
  expect(types(complained)).toEqual(["email.sent", "email.delivered", "email.complained"]);
});

it("retries a failed webhook with the same svix-id, and fires events on demand", async () => {
  failFirst = 1;
  const id = await send("ok2@x.test");
  await until(() => types(id).length === 2);
  const log = (await (await fetch(sink.url + "/_sink/webhooks")).json()).data as { emailId: string; attempts: number; status: string }[];
  expect(
    log
      .filter((l) => l.emailId === id)
      .map((l) => l.attempts)
      .sort(),
  ).toEqual([1, 2]);
  await fetch(`${sink.url}/_sink/emails/${id}/events`, { method: "POST", body: JSON.stringify({ type: "email.complained" }) });
  await until(() => types(id).includes("email.complained"));
});
