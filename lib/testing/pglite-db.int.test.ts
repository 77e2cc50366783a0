import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDb, seedAccountAndCustomer, truncateAll, type TestDb } from "./pglite-db";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

it("applies the migrations and seeds, and truncates", async () => {
  const { customer } = await seedAccountAndCustomer(t.db);
  expect(await t.db.customer.findUnique({ where: { id: customer.id } })).toMatchObject({ firstName: "Maria" });
  await truncateAll(t.pglite);
  expect(await t.db.account.count()).toBe(0);
});
