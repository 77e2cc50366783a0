import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { testDatabases } from "@/lib/testing/test-databases";
import { createAgencyWithOwner } from "@/lib/operators/create-agency-with-owner";
import { adjustCredit } from "@/lib/operators/adjust-credit";
import { listLedger } from "@/lib/settings/list-ledger";

describe.each(testDatabases())("an operator grants and deducts credit on $name", ({ create }) => {
  let db: PrismaClient;
  let close: () => Promise<void>;
  let accountId: string;
  const balance = async () => (await db.account.findUniqueOrThrow({ where: { id: accountId } })).creditBalance;
  const ledgerSum = async () => (await db.creditEntry.aggregate({ where: { accountId }, _sum: { delta: true } }))._sum.delta;

  beforeAll(async () => {
    ({ db, close } = await create());
    ({ accountId } = await createAgencyWithOwner(db, {
      name: "Harbor Insurance",
      ownerEmail: "dana@harbor.test",
      ownerName: "Dana",
      credit: 100,
    }));
    await createAgencyWithOwner(db, { name: "Twin", ownerEmail: "a@twin.test", ownerName: "A" });
    // A second "Twin" can only come from outside the operator's commands (names are kept distinct there).
    await db.account.create({ data: { name: "TWIN", senderName: "t", senderEmail: "t@twin.test" } });
  });
  afterAll(() => close());

  it("grants credit by name or id: a ledger entry with the reason the agency sees, and an activity", async () => {
    expect(await adjustCredit(db, { agency: "harbor insurance", amount: "+250", reason: "Invoice 1042 paid", by: "ops-jo" })).toEqual({
      accountId,
      name: "Harbor Insurance",
      amount: 250,
      balance: 350,
    });
    expect(await adjustCredit(db, { agency: accountId, amount: 50, reason: "Goodwill" })).toMatchObject({ balance: 400 });
    const ledger = await listLedger(db, { accountId });
    expect(ledger.rows.slice(0, 2).map((e) => [e.delta, e.reason])).toEqual([
      [50, "Goodwill"],
      [250, "Invoice 1042 paid"],
    ]);
    const activity = await db.activity.findMany({ where: { accountId, type: "credit.granted" }, orderBy: { at: "asc" } });
    expect(activity.map((a) => a.detail)).toEqual([
      { operator: "ops-jo", credits: 250, reason: "Invoice 1042 paid", balance: 350 },
      { operator: "operator", credits: 50, reason: "Goodwill", balance: 400 },
    ]);
    expect(await ledgerSum()).toBe(400);
  });

  it("deducts credit, and refuses a deduction larger than the balance, leaving everything as it was", async () => {
    expect(await adjustCredit(db, { agency: accountId, amount: "-150", reason: "Refund of invoice 1042" })).toMatchObject({
      amount: -150,
      balance: 250,
    });
    expect(await db.activity.count({ where: { accountId, type: "credit.deducted" } })).toBe(1);
    const entries = await db.creditEntry.count({ where: { accountId } });
    await expect(adjustCredit(db, { agency: accountId, amount: -251, reason: "Too much" })).rejects.toMatchObject({
      code: "LIMIT",
      message: "Cannot deduct 251 credits from Harbor Insurance: its balance is 250",
    });
    expect(await db.creditEntry.count({ where: { accountId } })).toBe(entries);
    expect(await db.activity.count({ where: { accountId, type: "credit.deducted" } })).toBe(1);
    expect(await adjustCredit(db, { agency: accountId, amount: -250, reason: "Account closed" })).toMatchObject({ balance: 0 });
    expect([await balance(), await ledgerSum()]).toEqual([0, 0]);
  });

  it("refuses an unknown or ambiguous agency, a bad amount and a missing reason", async () => {
    const cases: [object, string, string | RegExp][] = [
      [{ agency: "Nowhere Mutual" }, "NOT_FOUND", 'Agency not found: "Nowhere Mutual" (give an id or a name from list-agencies)'],
      [{ agency: "twin" }, "CONFLICT", /^Several agencies are named "twin": name one by its id \(c\w+, c\w+\)$/],
      [{ amount: 0 }, "INVALID", "The amount must not be 0: +N grants credit, -N deducts it"],
      [{ amount: "+1.5" }, "INVALID", "The amount must be a whole number of credits, like +500 or -20"],
      [{ amount: "ten" }, "INVALID", "The amount must be a whole number of credits, like +500 or -20"],
      [{ amount: "+1000001" }, "INVALID", "The amount must be at most 1,000,000 credits either way"],
      [{ reason: "   " }, "INVALID", "A reason (it is shown in the agency's credit ledger) is required"],
    ];
    for (const [change, code, message] of cases) {
      await expect(adjustCredit(db, { agency: accountId, amount: 5, reason: "Test", ...change })).rejects.toMatchObject({
        code,
        message: typeof message === "string" ? expect.stringContaining(message) : expect.stringMatching(message),
      });
    }
    expect(await balance()).toBe(0);
  });

  it("never takes the balance below zero when deductions race", async () => {
    await adjustCredit(db, { agency: accountId, amount: 100, reason: "Top-up" });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => adjustCredit(db, { agency: accountId, amount: -30, reason: "Correction" })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    expect([await balance(), await ledgerSum()]).toEqual([10, 10]);
  });
});
