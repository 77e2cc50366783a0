import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createTestDb } from "@/lib/testing/pglite-db";
import { createCustomer } from "./save-customer";
import { importCustomers } from "./import-customers";
import { TAGS_TTL_MS, tagsInUse } from "./tags-in-use";

describe("the tags in use, remembered per agency", () => {
  let db: PrismaClient;
  let close: () => Promise<void>;
  let ctx: { accountId: string; userId: string };
  beforeAll(async () => {
    ({ db, close } = await createTestDb());
    const account = await db.account.create({ data: { name: "T", senderName: "T", senderEmail: "t@agency.test" } });
    const user = await db.user.create({ data: { accountId: account.id, email: "t-owner@agency.test", name: "Owner", role: "OWNER" } });
    ctx = { accountId: account.id, userId: user.id };
  });
  afterAll(async () => close?.());

  it("shows a tag saved or imported here at once; another process's write within the minute, not per view", async () => {
    await createCustomer(db, ctx, { firstName: "A", lastName: "A", email: "a@example.com", tags: ["home"] });
    const t0 = Date.now();
    expect(await tagsInUse(db, ctx.accountId, t0)).toEqual(["home"]);

    await createCustomer(db, ctx, { firstName: "B", lastName: "B", email: "b@example.com", tags: ["auto"] });
    expect(await tagsInUse(db, ctx.accountId, t0)).toEqual(["auto", "home"]);
    await importCustomers(db, { ...ctx, text: "email,tags\nc@example.com,boat\n" });
    expect(await tagsInUse(db, ctx.accountId, t0)).toEqual(["auto", "boat", "home"]);

    // Written by another process (straight to the database): remembered until the entry is a minute old.
    await db.customer.updateMany({ where: { accountId: ctx.accountId, email: "a@example.com" }, data: { tags: ["flood"] } });
    expect(await tagsInUse(db, ctx.accountId, t0 + TAGS_TTL_MS - 1)).toEqual(["auto", "boat", "home"]);
    expect(await tagsInUse(db, ctx.accountId, t0 + TAGS_TTL_MS)).toEqual(["auto", "boat", "flood"]);
  });
});
