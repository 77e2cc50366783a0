import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { testDatabases } from "@/lib/testing/test-databases";
import { addCreditEntry } from "@/lib/credits/grant-credit";
import { getAccountSettings, updateAccountSettings } from "./account-settings";
import { listLedger } from "./list-ledger";

describe.each(testDatabases())("settings on $name", (database) => {
  let db: PrismaClient;
  let close: () => Promise<void>;
  let a: string;
  let b: string;
  const values = {
    name: "Harbor",
    senderName: "Dana",
    senderEmail: "Dana@Harbor.test ",
    postalAddress: "1 Main St",
    phone: "555",
    timeZone: "America/Chicago",
  };

  beforeAll(async () => {
    ({ db, close } = await database.create());
    a = (await db.account.create({ data: { name: "A", senderName: "A", senderEmail: "a@a.test" } })).id;
    b = (await db.account.create({ data: { name: "B", senderName: "B", senderEmail: "b@b.test" } })).id;
    for (let i = 1; i <= 30; i++) await db.$transaction((tx) => addCreditEntry(tx, { accountId: a, delta: i, reason: `grant ${i}` }));
    await db.$transaction((tx) => addCreditEntry(tx, { accountId: b, delta: 99, reason: "theirs" }));
  });
  afterAll(() => close());

  it("saves the details of its own account only, and refuses an unknown time zone", async () => {
    await updateAccountSettings(db, { accountId: a }, values);
    expect(await getAccountSettings(db, a)).toMatchObject({ ...values, senderEmail: "dana@harbor.test" });
    await expect(updateAccountSettings(db, { accountId: a }, { ...values, timeZone: "Mars/Base" })).rejects.toThrow(/not a time zone/);
    expect((await getAccountSettings(db, b)).name).toBe("B");
  });

  it("pages the ledger newest first, both ways, never showing another account's entries", async () => {
    const first = await listLedger(db, { accountId: a, pageSize: 25 });
    expect(first.rows).toHaveLength(25);
    expect(first.rows.every((r) => r.reason.startsWith("grant"))).toBe(true);
    const second = await listLedger(db, { accountId: a, pageSize: 25, after: first.nextCursor! });
    expect(second.rows).toHaveLength(5);
    expect(second.nextCursor).toBeNull();
    const back = await listLedger(db, { accountId: a, pageSize: 25, before: second.prevCursor! });
    expect(back.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
    expect((await getAccountSettings(db, a)).creditBalance).toBe(465);
  });
});
