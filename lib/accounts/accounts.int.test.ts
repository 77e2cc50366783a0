import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { testDatabases } from "@/lib/testing/test-databases";
import { DEMO_LOGIN, seedDemoIfEmpty } from "@/lib/accounts/seed-demo";
import { addCreditEntry } from "@/lib/credits/grant-credit";
import { verifyCredentials } from "@/lib/auth/verify-credentials";

describe.each(testDatabases())("demo seed, credit ledger and constraints on $name", ({ create }) => {
  let db: PrismaClient;
  let close: () => Promise<void>;
  beforeAll(async () => ({ db, close } = await create()));
  afterAll(() => close());

  it("seeds the demo agency once, with customers a blast must skip", async () => {
    expect(await seedDemoIfEmpty(db)).toBe(true);
    expect(await seedDemoIfEmpty(db)).toBe(false);
    const account = await db.account.findFirstOrThrow();
    expect(account.creditBalance).toBe(1_000);
    const customers = await db.customer.findMany({ where: { accountId: account.id } });
    expect(customers.length).toBe(200);
    expect(customers.filter((c) => c.status === "INACTIVE").length).toBeGreaterThan(0);
    expect(customers.filter((c) => c.optedOutAt).length).toBeGreaterThan(0);
    expect(customers.filter((c) => !/^[^@\s]+@[^@\s]+\.[a-z]+$/.test(c.email)).length).toBeGreaterThan(0);
    expect((await verifyCredentials(db, DEMO_LOGIN, null)).ok).toBe(true);
  });

  it("keeps the balance equal to the ledger and never below zero, even under concurrent reservations", async () => {
    const account = await db.account.findFirstOrThrow();
    const attempts = await Promise.all(
      Array.from({ length: 8 }, () =>
        db.$transaction((tx) => addCreditEntry(tx, { accountId: account.id, delta: -300, reason: "reservation" })),
      ),
    );
    expect(attempts.filter(Boolean).length).toBe(3); // 3 × 300 ≤ 1,000 < 4 × 300
    const after = await db.account.findUniqueOrThrow({ where: { id: account.id } });
    const ledger = await db.creditEntry.aggregate({ where: { accountId: account.id }, _sum: { delta: true } });
    expect(after.creditBalance).toBe(100);
    expect(ledger._sum.delta).toBe(after.creditBalance);
  });

  it("refuses a second customer with the same normalized address in one agency", async () => {
    const account = await db.account.findFirstOrThrow();
    const existing = await db.customer.findFirstOrThrow({ where: { accountId: account.id } });
    await expect(
      db.customer.create({
        data: { accountId: account.id, email: existing.email.toUpperCase(), emailNormalized: existing.emailNormalized },
      }),
    ).rejects.toThrow();
  });

  it("refuses a second delivery of one blast to one customer", async () => {
    const account = await db.account.findFirstOrThrow({ include: { users: true } });
    const customer = await db.customer.findFirstOrThrow({ where: { accountId: account.id } });
    const blast = await db.blast.create({
      data: {
        accountId: account.id,
        createdById: account.users[0].id,
        templateKey: "office-hours",
        subject: "Hours",
        selection: { mode: "all" },
      },
    });
    const delivery = { accountId: account.id, blastId: blast.id, customerId: customer.id, email: customer.email };
    await db.delivery.create({ data: delivery });
    await expect(db.delivery.create({ data: delivery })).rejects.toThrow();
  });
});
