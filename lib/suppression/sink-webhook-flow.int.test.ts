import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startResendSink, type RunningSink } from "@/local/resend/src/start-resend-sink";
import { createMailer } from "@/lib/mail/create-mailer";
import { createTestDb, seedAccountAndCustomer, type TestDb } from "@/lib/testing/pglite-db";
import { handleResendWebhook } from "./handle-resend-webhook";

// The whole loop, as in production: mailer → sink → signed webhook → our handler → database.
const SECRET = "whsec_" + Buffer.from("end-to-end webhook secret 123456").toString("base64");
let t: TestDb;
let app: Server;
let sink: RunningSink;
const statuses: number[] = [];

beforeAll(async () => {
  t = await createTestDb();
  app = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", async () => {
      const headers = new Headers(Object.entries(req.headers).map(([k, v]) => [k, String(v)] as [string, string]));
      const { status, body } = await handleResendWebhook({ db: t.db, secret: SECRET, rawBody: raw, headers });
      statuses.push(status);
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => app.listen(0, "127.0.0.1", r));
  const port = (app.address() as AddressInfo).port;
  sink = await startResendSink({
    port: 0,
    dataDir: null,
    webhookUrl: `http://127.0.0.1:${port}/api/webhooks/resend`,
    webhookSecret: SECRET,
    deliveryDelayMs: 10,
    webhookRetryDelaysMs: [150, 300, 600],
    faults: { bounce: ["*@bounce.test"] },
    log: () => {},
  });
});
afterAll(async () => {
  await sink.close();
  await new Promise((r) => app.close(r));
  await t.close();
});

it("a bounce reported by the provider ends as a suppression and an activity, even if it overtakes the sender", async () => {
  const email = "gone@bounce.test";
  const { account, customer } = await seedAccountAndCustomer(t.db, email);
  const user = await t.db.user.create({ data: { accountId: account.id, email: `a-${randomUUID()}@h.test`, name: "Dana" } });
  const blast = await t.db.blast.create({
    data: { accountId: account.id, createdById: user.id, templateKey: "office-hours", subject: "S", selection: { mode: "all" } },
  });
  const delivery = await t.db.delivery.create({
    data: { accountId: account.id, blastId: blast.id, customerId: customer.id, email, status: "SENDING" },
  });

  const mailer = createMailer({ apiKey: "re_test", baseUrl: sink.url, from: "Harbor <a@harbor.test>" });
  const out = await mailer.send(
    { to: email, subject: "S", html: "<p>x</p>", text: "x" },
    { idempotencyKey: `blast:${blast.id}:customer:${customer.id}` },
  );
  expect(out.kind).toBe("sent");
  if (out.kind !== "sent") return;
  // The sender records the provider id late: the bounce finds no delivery and gets 409 (waited for, not
  // timed, so a slow machine cannot let the bounce arrive after the update).
  for (let i = 0; i < 200 && !statuses.includes(409); i++) await new Promise((r) => setTimeout(r, 25));
  await t.db.delivery.update({ where: { id: delivery.id }, data: { status: "SENT", providerMessageId: out.id } });

  for (let i = 0; i < 100 && (await t.db.activity.count({ where: { type: "email.bounced" } })) === 0; i++)
    await new Promise((r) => setTimeout(r, 30));
  expect(await t.db.suppression.findMany()).toMatchObject([{ emailNormalized: email, kind: "BOUNCED" }]);
  expect(await t.db.activity.findMany()).toMatchObject([{ type: "email.bounced", customerId: customer.id, blastId: blast.id }]);
  expect(statuses).toContain(409);
  expect(statuses.at(-1)).toBe(200);
  // The delivery's outcome and the blast's counter, from the sink's own payload.
  expect(await t.db.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({
    outcome: "BOUNCED",
    outcomeDetail: expect.stringContaining("Permanent / General"),
  });
  expect(await t.db.blast.findUniqueOrThrow({ where: { id: blast.id } })).toMatchObject({ bouncedCount: 1, deliveredCount: 0 });
});
