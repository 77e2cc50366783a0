import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { testDatabases } from "@/lib/testing/test-databases";
import { listActivity } from "./list-activity";
import { csvCell } from "./export-activity-csv";
import { appendExportPage, finishExport, getExportCsv, requestActivityExport, type ExportProgress } from "./export-activity";

async function agency(db: PrismaClient, name: string) {
  const account = await db.account.create({ data: { name, senderName: name, senderEmail: `${name}@agency.test` } });
  const user = await db.user.create({
    data: { accountId: account.id, email: `${name}@agency.test`, name: `${name} owner`, role: "OWNER" },
  });
  return { accountId: account.id, userId: user.id };
}

describe.each(testDatabases())("activity history and export on $name", (database) => {
  let db: PrismaClient;
  let close: () => Promise<void>;
  let a: { accountId: string; userId: string };
  let b: { accountId: string; userId: string };
  let customerId: string;
  const start = Date.parse("2026-03-01T00:00:00Z");

  beforeAll(async () => {
    ({ db, close } = await database.create());
    a = await agency(db, "alpha");
    b = await agency(db, "beta");
    const c = await db.customer.create({
      data: {
        accountId: a.accountId,
        firstName: '=HYPERLINK("x")',
        lastName: "Evil",
        email: "evil@example.com",
        emailNormalized: "evil@example.com",
      },
    });
    customerId = c.id;
    // 12,000 rows a minute apart (three export pages), every 10th about the customer.
    await db.activity.createMany({
      data: Array.from({ length: 12_000 }, (_, i) => ({
        accountId: a.accountId,
        type: i % 10 === 0 ? "customer.updated" : "delivery.sent",
        customerId: i % 10 === 0 ? customerId : null,
        at: new Date(start + i * 60_000),
        detail: { n: i },
      })),
    });
    await db.activity.create({ data: { accountId: b.accountId, type: "delivery.sent", at: new Date(start) } });
  });
  afterAll(() => close());

  it("pages the history newest first, both ways, with filters by type, customer and dates", async () => {
    const first = await listActivity(db, { accountId: a.accountId });
    expect(first.rows[0].at.getTime()).toBe(start + 11_999 * 60_000);
    const second = await listActivity(db, { accountId: a.accountId, after: first.nextCursor! });
    expect(second.rows[0].at.getTime()).toBe(start + 11_949 * 60_000);
    const back = await listActivity(db, { accountId: a.accountId, before: second.prevCursor! });
    expect(back.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
    const typed = await listActivity(db, { accountId: a.accountId, filters: { type: "customer.updated", customerId }, pageSize: 5 });
    expect(typed.rows.every((r) => r.type === "customer.updated" && r.customer?.id === customerId)).toBe(true);
    const ranged = await listActivity(db, {
      accountId: a.accountId,
      filters: { from: new Date(start).toISOString(), to: new Date(start + 3 * 60_000).toISOString() },
    });
    expect(ranged.rows).toHaveLength(3);
    // Another agency's customer id matches nothing here.
    const foreign = await listActivity(db, { accountId: b.accountId, filters: { customerId } });
    expect(foreign.rows).toHaveLength(0);
  });

  it("requests an export with its outbox event in one transaction", async () => {
    const { exportId, eventIds } = await requestActivityExport(db, { ...a, filters: {} });
    expect(eventIds).toEqual([`export:${exportId}`]);
    const event = await db.outboxEvent.findUniqueOrThrow({ where: { eventId: eventIds[0] } });
    expect(event).toMatchObject({ name: "activity/export.requested", data: { exportId, accountId: a.accountId }, sentAt: null });
  });

  it("builds the CSV in pages, once even when a page is retried, escapes formulas, logs activity.exported once", async () => {
    const { exportId } = await requestActivityExport(db, { ...a, filters: {} });
    let progress: ExportProgress = { cursor: null, rowCount: 0, done: false };
    let pages = 0;
    while (!progress.done) {
      const from = progress;
      progress = await appendExportPage(db, { ...a, exportId, progress: from });
      // A retried step (its result lost after the write) appends nothing more.
      const again = await appendExportPage(db, { ...a, exportId, progress: from });
      expect(again).toEqual(progress);
      pages++;
    }
    expect(pages).toBe(3);
    await finishExport(db, { accountId: a.accountId, exportId });
    await finishExport(db, { accountId: a.accountId, exportId });
    const { csv } = await getExportCsv(db, { accountId: a.accountId, exportId });
    const lines = csv.trimEnd().split("\r\n");
    expect(lines).toHaveLength(12_001);
    expect(lines[0]).toMatch(/^"time_utc","type"/);
    expect(csv).toContain(`"'=HYPERLINK(""x"") Evil"`);
    expect(new Set(lines).size).toBe(lines.length);
    expect(await db.activity.count({ where: { accountId: a.accountId, type: "activity.exported" } })).toBe(1);
    await expect(getExportCsv(db, { accountId: b.accountId, exportId })).rejects.toThrow(/not found/);
  });

  it("refuses a fourth export while three are being prepared", async () => {
    await requestActivityExport(db, { ...b, filters: {} });
    await requestActivityExport(db, { ...b, filters: {} });
    await requestActivityExport(db, { ...b, filters: {} });
    await expect(requestActivityExport(db, { ...b, filters: {} })).rejects.toThrow(/already have 3/);
  });

  it("escapes every formula prefix", () => {
    expect(["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "plain"].map(csvCell)).toEqual([
      `"'=1+1"`,
      `"'+1"`,
      `"'-1"`,
      `"'@SUM(A1)"`,
      `"'\tx"`,
      `"plain"`,
    ]);
  });
});
