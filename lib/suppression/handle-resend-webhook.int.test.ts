import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDb, seedAccountAndCustomer, truncateAll, type TestDb } from "@/lib/testing/pglite-db";
import { handleResendWebhook } from "./handle-resend-webhook";

const SECRET = "whsec_" + Buffer.from("webhook-secret-for-blast-tests!!").toString("base64");
let t: TestDb;

vi.mock("@/lib/db", () => ({ getDb: async () => t.db }));
vi.mock("@/lib/env", () => ({ getEnv: () => ({ RESEND_WEBHOOK_SECRET: SECRET }) }));

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());
beforeEach(() => truncateAll(t.pglite));

function signed(body: string, { id = `msg_${randomUUID()}`, at = Date.now(), secret = SECRET } = {}): Headers {
  const ts = String(Math.floor(at / 1000));
  const sig = createHmac("sha256", Buffer.from(secret.slice(6), "base64"))
    .update(`${id}.${ts}.${body}`)
    .digest("base64");
  return new Headers({ "svix-id": id, "svix-timestamp": ts, "svix-signature": `v1,${sig}`, "content-type": "application/json" });
}

async function seedDelivery(email = "maria@example.com") {
  const { account, customer } = await seedAccountAndCustomer(t.db, email);
  const user = await t.db.user.create({ data: { accountId: account.id, email: `agent-${randomUUID()}@harbor.test`, name: "Dana" } });
  const blast = await t.db.blast.create({
    data: { accountId: account.id, createdById: user.id, templateKey: "office-hours", subject: "Hi", selection: { mode: "all" } },
  });
  const providerMessageId = randomUUID();
  const delivery = await t.db.delivery.create({
    data: { accountId: account.id, blastId: blast.id, customerId: customer.id, email, status: "SENT", providerMessageId },
  });
  return { account, customer, blast, delivery, providerMessageId };
}

const event = (type: string, emailId: string, to: string, extra: object = {}, createdAt = new Date().toISOString()) =>
  JSON.stringify({
    type,
    created_at: createdAt,
    data: { created_at: createdAt, email_id: emailId, from: "a@h.test", to: [to], subject: "Hi", ...extra },
  });
const handle = (rawBody: string, headers: Headers, now?: Date) => handleResendWebhook({ db: t.db, secret: SECRET, rawBody, headers, now });

describe("Resend webhook", () => {
  it("a signed permanent bounce suppresses the address and logs one activity; a duplicate changes nothing", async () => {
    const { providerMessageId, customer, blast } = await seedDelivery();
    const body = event("email.bounced", providerMessageId, "Maria@Example.com", {
      bounce: { type: "Permanent", subType: "General", message: "550 no such user" },
    });
    const first = await handle(body, signed(body, { id: "msg_1" }));
    expect(first).toEqual({ status: 200, body: { result: "recorded", suppressed: 1, activity: true, updated: true } });
    // Same event redelivered (same svix-id) and re-sent as a new message (new svix-id): both no-ops.
    expect((await handle(body, signed(body, { id: "msg_1" }))).body).toEqual({
      result: "recorded",
      suppressed: 0,
      activity: false,
      updated: false,
    });
    expect((await handle(body, signed(body, { id: "msg_2" }))).body).toEqual({
      result: "recorded",
      suppressed: 0,
      activity: false,
      updated: false,
    });
    expect(await t.db.suppression.findMany()).toMatchObject([{ emailNormalized: "maria@example.com", kind: "BOUNCED" }]);
    const acts = await t.db.activity.findMany();
    expect(acts).toHaveLength(1);
    expect(acts[0]).toMatchObject({
      type: "email.bounced",
      customerId: customer.id,
      blastId: blast.id,
      dedupKey: `resend:${providerMessageId}:email.bounced`,
    });
  });

  it("refuses unsigned, forged and replayed requests and records nothing", async () => {
    const { providerMessageId } = await seedDelivery();
    const body = event("email.complained", providerMessageId, "maria@example.com");
    expect((await handle(body, new Headers())).status).toBe(401);
    expect((await handle(body, signed(body, { secret: "whsec_" + Buffer.from("attacker").toString("base64") }))).status).toBe(401);
    const tampered = body.replace("email.complained", "email.bounced");
    expect((await handle(tampered, signed(body))).status).toBe(401);
    expect((await handle(body, signed(body, { at: Date.now() - 10 * 60_000 }))).status).toBe(400);
    expect(await handleResendWebhook({ db: t.db, secret: undefined, rawBody: body, headers: signed(body) })).toMatchObject({ status: 503 });
    expect(await t.db.suppression.count()).toBe(0);
    expect(await t.db.activity.count()).toBe(0);
  });

  it("a complaint suppresses the address and opts the customer out of that agency", async () => {
    const { providerMessageId, customer } = await seedDelivery();
    const body = event("email.complained", providerMessageId, "maria@example.com");
    expect((await handle(body, signed(body))).status).toBe(200);
    expect(await t.db.suppression.findMany()).toMatchObject([{ kind: "COMPLAINED" }]);
    expect((await t.db.customer.findUniqueOrThrow({ where: { id: customer.id } })).optedOutAt).toBeInstanceOf(Date);
    expect(await t.db.activity.findMany()).toMatchObject([{ type: "email.complained" }]);
  });

  it("a transient bounce and a delivery are logged, not suppressed; email.sent is ignored", async () => {
    const { providerMessageId } = await seedDelivery();
    const soft = event("email.bounced", providerMessageId, "maria@example.com", {
      bounce: { type: "Transient", subType: "MailboxFull", message: "full" },
    });
    expect((await handle(soft, signed(soft))).body).toEqual({ result: "recorded", suppressed: 0, activity: true, updated: true });
    const delivered = event("email.delivered", providerMessageId, "maria@example.com");
    expect((await handle(delivered, signed(delivered))).body).toMatchObject({ result: "recorded", activity: true });
    const sent = event("email.sent", providerMessageId, "maria@example.com");
    expect((await handle(sent, signed(sent))).body).toMatchObject({ result: "ignored" });
    expect(await t.db.suppression.count()).toBe(0);
    expect((await t.db.activity.findMany({ orderBy: { type: "asc" } })).map((a) => a.type)).toEqual(["email.bounced", "email.delivered"]);
  });

  it("an event that overtakes the sender asks for a retry; an old unknown one is accepted", async () => {
    const recent = event("email.bounced", "unknown-id", "x@example.com", { bounce: { type: "Permanent" } });
    expect((await handle(recent, signed(recent))).status).toBe(409);
    expect(await t.db.suppression.count()).toBe(1); // the address is suppressed even before the retry
    const old = event("email.delivered", "unknown-id-2", "y@example.com", {}, new Date(Date.now() - 3600_000).toISOString());
    expect(await handle(old, signed(old))).toMatchObject({ status: 200, body: { result: "ignored" } });
    expect((await handle("not json", signed("not json"))).status).toBe(400);
  });

  it("emails that are not deliveries (tagged with a kind) are accepted at once instead of retried", async () => {
    const body = event("email.delivered", "test-send-id", "agent@harbor.test", { tags: { kind: "test", account: "a" } });
    expect(await handle(body, signed(body))).toMatchObject({ status: 200, body: { result: "ignored", why: "test send" } });
    const link = event("email.delivered", "set-password-id", "agent@harbor.test", { tags: { kind: "set-password" } });
    expect(await handle(link, signed(link))).toMatchObject({ status: 200, body: { result: "ignored", why: "set-password email" } });
  });

  it("records the delivery's outcome: a late 'delivered' never overwrites 'bounced', and the blast counts it once", async () => {
    const { providerMessageId, delivery, blast } = await seedDelivery();
    const bounced = event(
      "email.bounced",
      providerMessageId,
      "maria@example.com",
      { bounce: { type: "Permanent", subType: "General", message: "550 no such user" } },
      "2026-03-01T12:00:05.000Z",
    );
    const delivered = event("email.delivered", providerMessageId, "maria@example.com", {}, "2026-03-01T12:00:01.000Z");
    expect((await handle(bounced, signed(bounced))).body).toMatchObject({ updated: true });
    expect((await handle(delivered, signed(delivered))).body).toMatchObject({ result: "recorded", activity: true, updated: false });
    // Redelivered (same svix-id) and re-sent (new svix-id): nothing moves.
    expect((await handle(bounced, signed(bounced, { id: "msg_dup" }))).body).toMatchObject({ updated: false });
    expect((await handle(bounced, signed(bounced, { id: "msg_dup" }))).body).toMatchObject({ updated: false });
    expect(await t.db.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({
      outcome: "BOUNCED",
      outcomeAt: new Date("2026-03-01T12:00:05.000Z"),
      outcomeDetail: "Permanent / General / 550 no such user",
    });
    expect(await t.db.blast.findUniqueOrThrow({ where: { id: blast.id } })).toMatchObject({
      deliveredCount: 0,
      bouncedCount: 1,
      complainedCount: 0,
    });
  });

  it("accepts Resend's documented payloads: delayed, delivered, opened, clicked (the click's own time), complained", async () => {
    const { providerMessageId, delivery, blast } = await seedDelivery();
    // Field for field as in Resend's docs (broadcast_id, template_id, tags as an object, microsecond times).
    const resend = (type: string, createdAt: string, extra: object = {}) =>
      JSON.stringify({
        type,
        created_at: createdAt,
        data: {
          broadcast_id: "8b146471-e88e-4322-86af-016cd36fd216",
          created_at: "2026-03-01T11:59:59.894719+00:00",
          email_id: providerMessageId,
          from: "Harbor Mutual <notify@mail.example.com>",
          to: ["maria@example.com"],
          subject: "Office closed Monday",
          template_id: "43f68331-0622-4e15-8202-246a0388854b",
          tags: { blast: blast.id, category: "blast" },
          ...extra,
        },
      });
    const events = [
      resend("email.delivery_delayed", "2026-03-01T12:00:02.000Z"),
      resend("email.delivered", "2026-03-01T12:01:00.126Z"),
      resend("email.opened", "2026-03-01T12:05:00.000Z"),
      resend("email.clicked", "2026-03-01T12:06:30.000Z", {
        click: {
          ipAddress: "122.115.53.11",
          link: "https://harbor.test/claims",
          timestamp: "2026-03-01T12:06:00.163Z",
          userAgent: "Mozilla/5.0",
        },
      }),
      resend("email.complained", "2026-03-01T13:00:00.000Z"),
    ];
    for (const body of events)
      expect(await handle(body, signed(body))).toMatchObject({ status: 200, body: { result: "recorded", updated: true } });
    expect(await t.db.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({
      outcome: "COMPLAINED",
      outcomeAt: new Date("2026-03-01T13:00:00.000Z"),
      openedAt: new Date("2026-03-01T12:05:00.000Z"),
      clickedAt: new Date("2026-03-01T12:06:00.163Z"),
    });
    expect(await t.db.blast.findUniqueOrThrow({ where: { id: blast.id } })).toMatchObject({
      deliveredCount: 0,
      delayedCount: 0,
      bouncedCount: 0,
      complainedCount: 1,
      openedCount: 1,
      clickedCount: 1,
    });
    // Opens, clicks and delays stay on the delivery; the agency's history gets delivered and complained.
    expect((await t.db.activity.findMany({ orderBy: { at: "asc" } })).map((a) => a.type)).toEqual(["email.delivered", "email.complained"]);
    // A bounce with Resend's diagnosticCode array, and a lone "to" address, are accepted too.
    const other = await seedDelivery("pat@example.com");
    const bounce = JSON.stringify({
      type: "email.bounced",
      created_at: "2026-03-01T12:00:03.000Z",
      data: {
        email_id: other.providerMessageId,
        to: "pat@example.com",
        created_at: "2026-03-01T12:00:00.000Z",
        bounce: {
          diagnosticCode: ["smtp; 550 5.1.1 user unknown"],
          message: "The recipient's mailbox does not exist.",
          subType: "General",
          type: "Permanent",
        },
      },
    });
    expect(await handle(bounce, signed(bounce))).toMatchObject({ status: 200, body: { suppressed: 1, updated: true } });
    expect(await t.db.delivery.findUniqueOrThrow({ where: { id: other.delivery.id } })).toMatchObject({
      outcome: "BOUNCED",
      outcomeDetail: "Permanent / General / The recipient's mailbox does not exist.",
    });
  });

  it("an event about one agency's email never touches another agency's delivery", async () => {
    const a = await seedDelivery("maria@example.com");
    const b = await seedDelivery("maria@example.com"); // same address, another agency, another email
    for (const type of ["email.delivered", "email.bounced", "email.opened", "email.clicked"]) {
      const body = event(type, a.providerMessageId, "maria@example.com", type === "email.bounced" ? { bounce: { type: "Transient" } } : {});
      expect((await handle(body, signed(body))).status).toBe(200);
    }
    expect(await t.db.delivery.findUniqueOrThrow({ where: { id: a.delivery.id } })).toMatchObject({ outcome: "BOUNCED" });
    expect(await t.db.delivery.findUniqueOrThrow({ where: { id: b.delivery.id } })).toMatchObject({
      outcome: null,
      outcomeAt: null,
      openedAt: null,
      clickedAt: null,
    });
    expect(await t.db.blast.findUniqueOrThrow({ where: { id: b.blast.id } })).toMatchObject({
      deliveredCount: 0,
      bouncedCount: 0,
      openedCount: 0,
      clickedCount: 0,
    });
    expect(await t.db.activity.count({ where: { accountId: b.account.id } })).toBe(0);
  });

  it("the route reads the raw body and answers with the handler's status", async () => {
    const { POST } = await import("@/app/api/webhooks/resend/route");
    const { providerMessageId } = await seedDelivery();
    const body = event("email.bounced", providerMessageId, "maria@example.com", { bounce: { type: "Permanent" } });
    const ok = await POST(new Request("http://x/api/webhooks/resend", { method: "POST", headers: signed(body), body }));
    expect(ok.status).toBe(200);
    const forged = await POST(new Request("http://x/api/webhooks/resend", { method: "POST", headers: signed(body), body: body + " " }));
    expect(forged.status).toBe(401);
  });
});
