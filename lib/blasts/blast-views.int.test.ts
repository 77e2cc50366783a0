import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "@/lib/testing/test-databases";
import type { Db } from "@/lib/db";
import type { Mailer, OutgoingEmail } from "@/lib/mail";
import { createAgency } from "@/lib/accounts/create-agency";
import { demoCustomers, seedCustomers } from "@/lib/accounts/seed-demo";
import { listBlasts } from "./list-blasts";
import { blastProgress, getBlast } from "./get-blast";
import { pickSampleCustomer, renderBlastPreview, sendTestEmail } from "./send-test-email";
import { listDeliveries } from "@/lib/deliveries/list-deliveries";
import { deliverySortName } from "@/lib/deliveries/delivery-sort-name";

const settings = { appUrl: "https://blast.test", unsubscribeSecret: "s".repeat(32), from: "Blast <n@blast.test>" };
const message = { templateKey: "office-hours", subject: "Closed Monday", customMessage: "See you Tuesday." };

describe.each(testDatabases())("blast views on $name", ({ create }) => {
  let db: Db;
  let close: () => Promise<void>;
  let a: { accountId: string; userId: string };
  let b: { accountId: string; userId: string };

  beforeAll(async () => {
    ({ db, close } = await create());
    const mk = async (tag: string) => {
      const { account, owner } = await createAgency(db, {
        name: `Agency ${tag}`,
        senderName: `Agency ${tag}`,
        senderEmail: `a@${tag}.test`,
        postalAddress: "1 Road",
        owner: { name: `Owner ${tag}`, email: `owner@${tag}.test`, password: "pw-123456789" },
        credit: 100,
      });
      await seedCustomers(
        db,
        account.id,
        demoCustomers(20).map((c) => ({ ...c, email: c.email.replace("@", `+${tag}@`) })),
      );
      return { accountId: account.id, userId: owner.id };
    };
    a = await mk("a");
    b = await mk("b");
  });
  afterAll(async () => close?.());

  it("lists blasts newest first, paginated, scoped to the account; another's blast is not found", async () => {
    for (let i = 0; i < 3; i++) {
      await db.blast.create({
        data: {
          accountId: a.accountId,
          createdById: a.userId,
          templateKey: "office-hours",
          subject: `S${i}`,
          selection: { mode: "all" },
          status: "QUEUED",
          createdAt: new Date(Date.UTC(2026, 0, i + 1)),
        },
      });
    }
    const other = await db.blast.create({
      data: {
        accountId: b.accountId,
        createdById: b.userId,
        templateKey: "office-hours",
        subject: "B",
        selection: { mode: "all" },
        status: "QUEUED",
      },
    });
    const p1 = await listBlasts(db, { accountId: a.accountId, pageSize: 2 });
    expect(p1).toMatchObject({ total: 3, pageCount: 2, page: 1 });
    expect(p1.rows.map((r) => r.subject)).toEqual(["S2", "S1"]);
    expect(p1.rows[0].createdByName).toBe("Owner a");
    const p2 = await listBlasts(db, { accountId: a.accountId, pageSize: 2, page: 9 });
    expect(p2.page).toBe(2);
    expect(p2.rows.map((r) => r.subject)).toEqual(["S0"]);
    expect(await getBlast(db, { accountId: a.accountId, blastId: other.id })).toBeNull();
    expect((await getBlast(db, { accountId: b.accountId, blastId: other.id }))?.createdByName).toBe("Owner b");
  });

  it("computes progress from the counters", async () => {
    const blast = await db.blast.create({
      data: {
        accountId: a.accountId,
        createdById: a.userId,
        templateKey: "office-hours",
        subject: "P",
        selection: { mode: "all" },
        status: "SENDING",
        recipientCount: 10,
        sentCount: 4,
        skippedCount: 1,
        failedCount: 1,
      },
    });
    expect(blastProgress(blast)).toMatchObject({ final: false, total: 10, pending: 4, percent: 60 });
    expect(blastProgress({ ...blast, status: "FAILED", recipientCount: 0, sentCount: 0, skippedCount: 0, failedCount: 0 })).toMatchObject({
      final: true,
      percent: 100,
    });
  });

  it("lists deliveries by status with names, in name order, scoped to the account; the counts come from the blast's counters", async () => {
    // Mid-send: 2 sent and 1 failed (settled, counted on the blast), 1 claimed into a batch, 1 waiting.
    const blast = await db.blast.create({
      data: {
        accountId: a.accountId,
        createdById: a.userId,
        templateKey: "office-hours",
        subject: "D",
        selection: { mode: "all" },
        status: "SENDING",
        recipientCount: 5,
        sentCount: 2,
        failedCount: 1,
      },
    });
    const customers = await db.customer.findMany({ where: { accountId: a.accountId }, take: 5, orderBy: { email: "asc" } });
    const statuses = ["PENDING", "SENDING", "SENT", "SENT", "FAILED"] as const;
    // Written in reverse name order, so neither id nor insertion order is the name order.
    await db.delivery.createMany({
      data: customers.reverse().map((c, i) => ({
        accountId: a.accountId,
        blastId: blast.id,
        customerId: c.id,
        email: c.email,
        sortName: deliverySortName(c),
        status: statuses[i],
        reason: statuses[i] === "FAILED" ? "boom" : null,
      })),
    });
    const all = await listDeliveries(db, { accountId: a.accountId, blastId: blast.id });
    expect(all.total).toBe(5);
    expect(all.byStatus).toEqual({ SENT: 2, FAILED: 1, SENDING: 1, PENDING: 1, SKIPPED: 0, CANCELLED: 0 });
    // The order of the customers by last name, then first name (the database's collation, as the page had it).
    const byName = await db.customer.findMany({
      where: { id: { in: customers.map((c) => c.id) } },
      orderBy: [{ lastName: "asc" }, { firstName: "asc" }, { id: "asc" }],
    });
    expect(all.rows.map((r) => r.customerId)).toEqual(byName.map((c) => c.id));
    expect((await listDeliveries(db, { accountId: a.accountId, blastId: blast.id, status: "PENDING" })).total).toBe(1);
    const failed = await listDeliveries(db, { accountId: a.accountId, blastId: blast.id, status: "FAILED" });
    expect(failed.rows).toHaveLength(1);
    expect(failed.rows[0]).toMatchObject({ reason: "boom", customerName: `${customers[4].firstName} ${customers[4].lastName}` });
    // Another agency sees nothing of it: no rows, no counts.
    const other = await listDeliveries(db, { accountId: b.accountId, blastId: blast.id });
    expect(other).toMatchObject({ total: 0, rows: [] });
    expect(Object.values(other.byStatus).every((n) => n === 0)).toBe(true);
    expect((await listDeliveries(db, { accountId: b.accountId, blastId: blast.id, status: "FAILED" })).rows).toEqual([]);
  });

  it("previews for the first eligible customer and test-sends to the agent with [Test] and a fresh key", async () => {
    const sample = await pickSampleCustomer(db, a.accountId, { mode: "tag", tags: ["home"] });
    expect(sample.id).not.toBeNull();
    const preview = await renderBlastPreview(db, { accountId: a.accountId, message, selection: { mode: "tag", tags: ["home"] } }, settings);
    expect(preview.html).toContain(`Hi ${sample.firstName}`);
    expect(preview.html).toContain("See you Tuesday.");
    expect((await pickSampleCustomer(db, a.accountId, { mode: "ids", ids: ["nope"] })).id).toBeNull();

    const sent: { email: OutgoingEmail; key: string }[] = [];
    const mailer: Mailer = {
      send: async (email, { idempotencyKey }) => (sent.push({ email, key: idempotencyKey }), { kind: "sent", id: `id-${sent.length}` }),
      sendBatch: async () => ({ kind: "sent", results: [] }),
    };
    const r1 = await sendTestEmail(db, mailer, { ...a, message }, settings);
    await sendTestEmail(db, mailer, { ...a, message }, settings);
    expect(r1.to).toBe("owner@a.test");
    expect(sent[0].email).toMatchObject({ to: "owner@a.test", subject: "[Test] Closed Monday" });
    expect(sent[0].key).not.toBe(sent[1].key);
    const limited: Mailer = {
      ...mailer,
      send: async () => ({ kind: "rate_limited", retryAfterSeconds: 2, reason: "r", code: "rate_limit_exceeded" }),
    };
    await expect(sendTestEmail(db, limited, { ...a, message }, settings)).rejects.toThrow(/2 seconds/);
    await expect(sendTestEmail(db, mailer, { accountId: b.accountId, userId: a.userId, message }, settings)).rejects.toThrow(/not found/);
  });
});
