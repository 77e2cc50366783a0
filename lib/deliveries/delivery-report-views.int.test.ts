import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { testDatabases } from "@/lib/testing/test-databases";
import { blastProgress, getBlast } from "@/lib/blasts/get-blast";
import { listDeliveries } from "./list-deliveries";
import { deliverySortName } from "./delivery-sort-name";
import { listCustomerDeliveries } from "./list-customer-deliveries";
import { recordDeliveryOutcome } from "./record-delivery-outcome";

// What the blast page, its progress route and the customer page read once reports have come in.
describe.each(testDatabases())("delivery report views on $name", ({ create }) => {
  let db: PrismaClient;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await create());
  });
  afterAll(async () => close?.());

  async function seedAgency(tag: string) {
    const account = await db.account.create({ data: { name: `Agency ${tag}`, senderName: tag, senderEmail: `a@${tag}.test` } });
    const user = await db.user.create({ data: { accountId: account.id, email: `agent-${randomUUID()}@${tag}.test`, name: "Dana" } });
    const customers = [];
    for (const name of ["Ava", "Ben", "Cal", "Dee", "Eve"]) {
      const email = `${name.toLowerCase()}-${randomUUID()}@example.com`;
      customers.push(
        await db.customer.create({ data: { accountId: account.id, firstName: name, lastName: "Lee", email, emailNormalized: email } }),
      );
    }
    const blast = await db.blast.create({
      data: {
        accountId: account.id,
        createdById: user.id,
        templateKey: "office-hours",
        subject: `Hours ${tag}`,
        selection: { mode: "all" },
        status: "COMPLETED",
        recipientCount: 5,
        sentCount: 4,
        skippedCount: 1,
      },
    });
    const deliveries = [];
    for (const [i, c] of customers.entries()) {
      deliveries.push(
        await db.delivery.create({
          data: {
            accountId: account.id,
            blastId: blast.id,
            customerId: c.id,
            email: c.email,
            sortName: deliverySortName(c),
            status: i === 4 ? "SKIPPED" : "SENT",
            providerMessageId: i === 4 ? null : randomUUID(),
          },
        }),
      );
    }
    return { account, user, customers, blast, deliveries };
  }

  it("progress carries the reported counts and rates of sent; nothing reported yet is 'awaiting'", async () => {
    const a = await seedAgency("a");
    const ref = (i: number) => ({ accountId: a.account.id, deliveryId: a.deliveries[i].id });
    expect(blastProgress(await db.blast.findUniqueOrThrow({ where: { id: a.blast.id } }))).toMatchObject({
      reports: { delivered: 0, bounced: 0, complained: 0, awaiting: 4 },
      rates: { delivered: 0, bounced: 0 },
    });
    await recordDeliveryOutcome(db, ref(0), { kind: "outcome", outcome: "DELIVERED", at: new Date() });
    await recordDeliveryOutcome(db, ref(1), { kind: "outcome", outcome: "DELIVERED", at: new Date() });
    await recordDeliveryOutcome(db, ref(1), { kind: "opened", at: new Date() });
    await recordDeliveryOutcome(db, ref(2), { kind: "outcome", outcome: "BOUNCED", at: new Date(), detail: "Permanent / 550" });
    const blast = await getBlast(db, { accountId: a.account.id, blastId: a.blast.id });
    expect(blastProgress(blast!)).toMatchObject({
      sent: 4,
      reports: { delivered: 2, delayed: 0, bounced: 1, complained: 0, opened: 1, clicked: 0, awaiting: 1 },
      rates: { delivered: 50, bounced: 25, complained: 0, opened: 25, clicked: 0 },
    });
    expect(blastProgress({ ...blast!, sentCount: 0 }).rates.delivered).toBeNull();
  });

  it("filters the recipient table by outcome (NONE: sent, nothing heard), with the outcome on each row; scoped to the account", async () => {
    const a = await seedAgency("f");
    const b = await seedAgency("g");
    const at = new Date("2026-03-01T12:00:00.000Z");
    await recordDeliveryOutcome(
      db,
      { accountId: a.account.id, deliveryId: a.deliveries[1].id },
      { kind: "outcome", outcome: "BOUNCED", at, detail: "Permanent / 550" },
    );
    await recordDeliveryOutcome(
      db,
      { accountId: a.account.id, deliveryId: a.deliveries[2].id },
      { kind: "outcome", outcome: "DELIVERED", at },
    );
    await recordDeliveryOutcome(
      db,
      { accountId: b.account.id, deliveryId: b.deliveries[0].id },
      { kind: "outcome", outcome: "BOUNCED", at },
    );

    const bounced = await listDeliveries(db, { accountId: a.account.id, blastId: a.blast.id, outcome: "BOUNCED" });
    expect(bounced.total).toBe(1);
    expect(bounced.rows).toMatchObject([{ customerName: "Ben Lee", outcome: "BOUNCED", outcomeAt: at, outcomeDetail: "Permanent / 550" }]);
    const none = await listDeliveries(db, { accountId: a.account.id, blastId: a.blast.id, outcome: "NONE" });
    expect(none.rows.map((r) => r.customerName)).toEqual(["Ava Lee", "Dee Lee"]); // Eve was skipped: never sent
    expect(none.total).toBe(2);
    expect((await listDeliveries(db, { accountId: a.account.id, blastId: a.blast.id, outcome: "COMPLAINED" })).rows).toEqual([]);
    // Another agency's blast id answers nothing, whatever the filter.
    expect((await listDeliveries(db, { accountId: a.account.id, blastId: b.blast.id, outcome: "BOUNCED" })).total).toBe(0);
  });

  it("a customer's email history lists their emails newest first with the reported outcome, scoped to the account", async () => {
    const a = await seedAgency("h");
    const customer = a.customers[0];
    const later = await db.blast.create({
      data: {
        accountId: a.account.id,
        createdById: a.user.id,
        kind: "DIRECT",
        templateKey: "office-hours",
        subject: "Your claim",
        selection: { mode: "ids", ids: [customer.id] },
        status: "COMPLETED",
        recipientCount: 1,
        sentCount: 1,
      },
    });
    const direct = await db.delivery.create({
      data: {
        accountId: a.account.id,
        blastId: later.id,
        customerId: customer.id,
        email: customer.email,
        status: "SENT",
        providerMessageId: randomUUID(),
        createdAt: new Date(Date.now() + 1000),
      },
    });
    await recordDeliveryOutcome(
      db,
      { accountId: a.account.id, deliveryId: direct.id },
      { kind: "outcome", outcome: "COMPLAINED", at: new Date("2026-03-02T09:00:00.000Z") },
    );
    const history = await listCustomerDeliveries(db, { accountId: a.account.id, customerId: customer.id });
    expect(history.total).toBe(2);
    expect(history.rows).toMatchObject([
      { subject: "Your claim", kind: "DIRECT", status: "SENT", outcome: "COMPLAINED", outcomeAt: new Date("2026-03-02T09:00:00.000Z") },
      { subject: "Hours h", kind: "BLAST", status: "SENT", outcome: null },
    ]);
    const other = await seedAgency("i");
    expect(await listCustomerDeliveries(db, { accountId: other.account.id, customerId: customer.id })).toEqual({ rows: [], total: 0 });
  });
});
