import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { testDatabases } from "@/lib/testing/test-databases";
import { normalizeEmail } from "./normalize-email";
import { listCustomers, listCustomerTags } from "./list-customers";
import { createCustomer, updateCustomer } from "./save-customer";
import { setCustomerState } from "./set-customer-state";
import { getCustomer } from "./get-customer";
import { ANALYZE_AFTER, importCustomers, previewCustomerImport } from "./import-customers";
import { previewCustomerEmail } from "./preview-customer-email";

async function agency(db: PrismaClient, name: string) {
  const account = await db.account.create({ data: { name, senderName: name, senderEmail: `${name}@agency.test` } });
  const user = await db.user.create({ data: { accountId: account.id, email: `${name}-owner@agency.test`, name: "Owner", role: "OWNER" } });
  return { accountId: account.id, userId: user.id };
}

async function seed(db: PrismaClient, accountId: string, n: number) {
  await db.customer.createMany({
    data: Array.from({ length: n }, (_, i) => {
      const email = `person${String(i).padStart(4, "0")}@example.com`;
      return {
        accountId,
        firstName: `First${i % 7}`,
        lastName: `Last${String(i).padStart(4, "0")}`,
        email,
        emailNormalized: email,
        tags: i % 3 === 0 ? ["auto"] : ["home"],
        status: i % 10 === 0 ? "INACTIVE" : "ACTIVE",
      } as const;
    }),
  });
}

describe.each(testDatabases())("customers on $name", (database) => {
  let db: PrismaClient;
  let close: () => Promise<void>;
  let a: { accountId: string; userId: string };
  let b: { accountId: string; userId: string };

  beforeAll(async () => {
    ({ db, close } = await database.create());
    a = await agency(db, "alpha");
    b = await agency(db, "beta");
    await seed(db, a.accountId, 130);
    await seed(db, b.accountId, 5);
  });
  afterAll(() => close());

  it("pages forward and back through every customer in name order, once each", async () => {
    const seen: string[] = [];
    let page = await listCustomers(db, { accountId: a.accountId, pageSize: 50 });
    expect(page.prevCursor).toBeNull();
    expect(page.total).toBe(130);
    seen.push(...page.rows.map((r) => r.lastName));
    while (page.nextCursor) {
      page = await listCustomers(db, { accountId: a.accountId, pageSize: 50, after: page.nextCursor });
      seen.push(...page.rows.map((r) => r.lastName));
    }
    expect(seen).toHaveLength(130);
    expect(seen).toEqual([...seen].sort());
    const back = await listCustomers(db, { accountId: a.accountId, pageSize: 50, before: page.prevCursor! });
    expect(back.rows.map((r) => r.lastName)).toEqual(seen.slice(50, 100));
    expect(back.nextCursor).not.toBeNull();
  });

  it("searches name and email, filters by status, tag and opt-out, and caps nothing below the cap", async () => {
    const found = await listCustomers(db, { accountId: a.accountId, filters: { q: "person0042" } });
    expect(found.rows.map((r) => r.email)).toEqual(["person0042@example.com"]);
    const byName = await listCustomers(db, { accountId: a.accountId, filters: { q: "first3 LAST00" } });
    expect(byName.rows.every((r) => r.firstName === "First3" && r.lastName.startsWith("Last00"))).toBe(true);
    const inactive = await listCustomers(db, { accountId: a.accountId, filters: { status: "INACTIVE" } });
    expect(inactive.total).toBe(13);
    const auto = await listCustomers(db, { accountId: a.accountId, filters: { tag: "auto", status: "ACTIVE" } });
    expect(auto.rows.every((r) => r.tags.includes("auto") && r.status === "ACTIVE")).toBe(true);
    const optedOut = await listCustomers(db, { accountId: a.accountId, filters: { optedOut: "yes" } });
    expect(optedOut.total).toBe(0);
    expect(await listCustomerTags(db, a.accountId)).toEqual(["auto", "home"]);
  });

  it("adds and edits a customer; the normalized email is unique per account with a clear message", async () => {
    const { id } = await createCustomer(db, a, {
      firstName: " Ann ",
      lastName: "Lee",
      email: " Ann.Lee@Example.com ",
      tags: "Auto, flood zone",
    });
    const ann = await getCustomer(db, { accountId: a.accountId, customerId: id });
    expect([ann.firstName, ann.emailNormalized, ann.tags]).toEqual(["Ann", "ann.lee@example.com", ["auto", "flood-zone"]]);
    await expect(createCustomer(db, a, { firstName: "X", lastName: "", email: "ANN.LEE@example.com", tags: [] })).rejects.toThrow(
      /already uses/,
    );
    // Another agency may have the same address.
    await createCustomer(db, b, { firstName: "Ann", lastName: "", email: "ann.lee@example.com", tags: [] });
    await updateCustomer(db, { ...a, customerId: id }, { firstName: "Anne", lastName: "Lee", email: "anne@example.com", tags: ["life"] });
    expect((await getCustomer(db, { accountId: a.accountId, customerId: id })).email).toBe("anne@example.com");
    await expect(
      updateCustomer(db, { ...a, customerId: id }, { firstName: "A", lastName: "", email: "person0001@example.com", tags: [] }),
    ).rejects.toThrow(/already uses/);
    expect(await db.activity.count({ where: { customerId: id } })).toBe(2);
  });

  it("deactivates, reactivates, marks opted out and clears it", async () => {
    const c = await db.customer.findFirstOrThrow({ where: { accountId: a.accountId, emailNormalized: "person0005@example.com" } });
    await setCustomerState(db, { ...a, customerId: c.id }, { kind: "status", status: "INACTIVE" });
    await setCustomerState(db, { ...a, customerId: c.id }, { kind: "optOut", optedOut: true });
    let now = await db.customer.findUniqueOrThrow({ where: { id: c.id } });
    expect([now.status, now.optedOutAt !== null]).toEqual(["INACTIVE", true]);
    await setCustomerState(db, { ...a, customerId: c.id }, { kind: "status", status: "ACTIVE" });
    await setCustomerState(db, { ...a, customerId: c.id }, { kind: "optOut", optedOut: false });
    now = await db.customer.findUniqueOrThrow({ where: { id: c.id } });
    expect([now.status, now.optedOutAt]).toEqual(["ACTIVE", null]);
  });

  it("answers another agency's customer id with not found and changes nothing", async () => {
    const theirs = await db.customer.findFirstOrThrow({ where: { accountId: b.accountId } });
    await expect(getCustomer(db, { accountId: a.accountId, customerId: theirs.id })).rejects.toThrow(/not found/);
    await expect(
      updateCustomer(db, { ...a, customerId: theirs.id }, { firstName: "Hacked", lastName: "", email: "h@x.co", tags: [] }),
    ).rejects.toThrow(/not found/);
    await expect(setCustomerState(db, { ...a, customerId: theirs.id }, { kind: "status", status: "INACTIVE" })).rejects.toThrow(
      /not found/,
    );
    const after = await db.customer.findUniqueOrThrow({ where: { id: theirs.id } });
    expect([after.firstName, after.status]).toEqual([theirs.firstName, theirs.status]);
    const page = await listCustomers(db, { accountId: a.accountId, filters: { q: theirs.email } });
    expect(page.rows.find((r) => r.id === theirs.id)).toBeUndefined();
  });

  it("previews then imports good rows, merges known addresses, lists bad rows, logs customers.imported", async () => {
    const csv = [
      "email,first name,last name,tags",
      "PERSON0010@example.com,,Renamed,vip", // known: merge (name kept when empty, tag added)
      "new1@example.com,New,One,auto",
      "bad-address,Bad,Row,",
      "new1@example.com,Dup,Row,",
      "new2@example.com,New,Two,",
    ].join("\n");
    const before = await db.customer.count({ where: { accountId: a.accountId } });
    const preview = await previewCustomerImport(db, { accountId: a.accountId, text: csv });
    expect([preview.toCreate, preview.toMerge, preview.rejected.length]).toEqual([2, 1, 2]);
    expect(await db.customer.count({ where: { accountId: a.accountId } })).toBe(before);
    const report = await importCustomers(db, { ...a, text: csv, fileName: "list.csv" });
    expect([report.created, report.merged, report.rejected.map((r) => r.row)]).toEqual([2, 1, [4, 5]]);
    const merged = await db.customer.findFirstOrThrow({ where: { accountId: a.accountId, emailNormalized: "person0010@example.com" } });
    expect([merged.firstName, merged.lastName, merged.tags, merged.status]).toEqual(["First3", "Renamed", ["home", "vip"], "INACTIVE"]);
    expect(await db.customer.count({ where: { accountId: a.accountId } })).toBe(before + 2);
    expect(await db.customer.count({ where: { accountId: b.accountId, emailNormalized: "new1@example.com" } })).toBe(0);
    const log = await db.activity.findFirstOrThrow({ where: { accountId: a.accountId, type: "customers.imported" } });
    expect(log.detail).toMatchObject({ created: 2, merged: 1, rejected: 2, fileName: "list.csv" });
  });

  it("imports nothing at all when the database fails half-way through a large file", async () => {
    const rows = Array.from({ length: 3_000 }, (_, i) => `bulk${i}@example.com,Bulk,${i},`);
    rows[2_500] = "boom@example.com,Boom,,";
    await db.$executeRawUnsafe(
      `CREATE OR REPLACE FUNCTION boom() RETURNS trigger AS $$ BEGIN IF NEW."emailNormalized" = 'boom@example.com' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
    );
    await db.$executeRawUnsafe(`CREATE TRIGGER boom BEFORE INSERT ON "Customer" FOR EACH ROW EXECUTE FUNCTION boom()`);
    const before = await db.customer.count();
    const logs = await db.activity.count();
    await expect(importCustomers(db, { ...a, text: ["email,first name,last name,tags", ...rows].join("\n") })).rejects.toThrow();
    expect(await db.customer.count()).toBe(before);
    expect(await db.activity.count()).toBe(logs);
    await db.$executeRawUnsafe(`DROP TRIGGER boom ON "Customer"`);
  });

  it("a large import refreshes the table's statistics, so the list is planned for the customers it has", async () => {
    const rows = Array.from({ length: ANALYZE_AFTER + 200 }, (_, i) => `stats${i}@example.com,Stat,Number${i}`);
    await importCustomers(db, { ...a, text: ["email,first name,last name", ...rows].join("\n") });
    const [{ reltuples }] = await db.$queryRaw<
      { reltuples: number }[]
    >`SELECT reltuples::float8 AS reltuples FROM pg_class WHERE relname = 'Customer'`;
    expect(reltuples).toBeGreaterThanOrEqual(ANALYZE_AFTER + 200);
  });

  it("refuses a broken file as a whole", async () => {
    const before = await db.customer.count();
    await expect(importCustomers(db, { ...a, text: 'email,name\nok@example.com,Ok\n"broken@example.com,Never closed' })).rejects.toThrow(
      /never closed/,
    );
    await expect(importCustomers(db, { ...a, text: "email\nnot-an-email" })).rejects.toThrow(/No row/);
    expect(await db.customer.count()).toBe(before);
    expect(normalizeEmail(" A@B.co ")).toBe("a@b.co");
  });

  it("previews a template as one of the account's customers, and never as another agency's", async () => {
    const settings = { appUrl: "http://localhost:3000", unsubscribeSecret: "x".repeat(32), from: "Blast <n@blast.test>" };
    const mine = await db.customer.findFirstOrThrow({ where: { accountId: a.accountId, emailNormalized: "person0003@example.com" } });
    const preview = await previewCustomerEmail(
      db,
      { accountId: a.accountId, templateKey: "office-hours", subject: "Hello", customMessage: "Closed <b>Monday</b>", customerId: mine.id },
      settings,
    );
    expect(preview.to).toBe("person0003@example.com");
    expect(preview.text).toContain(mine.firstName);
    expect(preview.text).toContain("Closed <b>Monday</b>");
    expect(preview.html).not.toContain("<b>Monday</b>");
    const theirs = await db.customer.findFirstOrThrow({ where: { accountId: b.accountId } });
    await expect(
      previewCustomerEmail(
        db,
        { accountId: a.accountId, templateKey: "office-hours", subject: "x", customMessage: "", customerId: theirs.id },
        settings,
      ),
    ).rejects.toThrow(/not found/);
  });
});
