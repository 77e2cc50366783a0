import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { testDatabases } from "@/lib/testing/test-databases";
import { createAgencyWithOwner } from "@/lib/operators/create-agency-with-owner";
import { adjustCredit } from "@/lib/operators/adjust-credit";
import { listAgencies } from "@/lib/operators/list-agencies";
import { setAgencyStatus } from "@/lib/operators/set-agency-status";

const DAY = 24 * 60 * 60 * 1000;

describe.each(testDatabases())("an operator lists agencies on $name", ({ create }) => {
  let db: PrismaClient;
  let close: () => Promise<void>;
  beforeAll(async () => ({ db, close } = await create()));
  afterAll(() => close());

  it("answers an empty list before any agency exists", async () => {
    expect(await listAgencies(db)).toEqual([]);
  });

  it("shows each agency's status, owners, ledger balance, customers and the last 30 days' blasts and emails sent", async () => {
    const harbor = await createAgencyWithOwner(db, {
      name: "Harbor Insurance",
      ownerEmail: "dana@harbor.test",
      ownerName: "Dana",
      credit: 500,
    });
    const oak = await createAgencyWithOwner(db, { name: "Oak Mutual", ownerEmail: "kim@oak.test", ownerName: "Kim" });
    await adjustCredit(db, { agency: harbor.accountId, amount: -20, reason: "Correction" });
    await setAgencyStatus(db, { agency: "Oak Mutual", status: "SUSPENDED" });
    for (const email of ["a@x.test", "b@x.test", "c@x.test"]) {
      await db.customer.create({ data: { accountId: harbor.accountId, email, emailNormalized: email } });
    }
    const blast = (kind: "BLAST" | "DIRECT", sentCount: number, daysAgo: number) =>
      db.blast.create({
        data: {
          accountId: harbor.accountId,
          createdById: harbor.owner.id,
          kind,
          templateKey: "office-hours",
          subject: "Hours",
          selection: { mode: "all" },
          status: "COMPLETED",
          sentCount,
          createdAt: new Date(Date.now() - daysAgo * DAY),
        },
      });
    await blast("BLAST", 120, 2);
    await blast("BLAST", 80, 29);
    await blast("DIRECT", 1, 1);
    await blast("BLAST", 999, 31); // outside the window

    const list = await listAgencies(db);
    expect(list.map((a) => a.name)).toEqual(["Harbor Insurance", "Oak Mutual"]);
    expect(list[0]).toMatchObject({
      id: harbor.accountId,
      status: "ACTIVE",
      owners: ["dana@harbor.test"],
      balance: 480,
      customers: 3,
      blasts: 2,
      emailsSent: 201,
    });
    expect(list[1]).toMatchObject({
      id: oak.accountId,
      status: "SUSPENDED",
      owners: ["kim@oak.test"],
      balance: 0,
      customers: 0,
      blasts: 0,
      emailsSent: 0,
    });
  });

  it("takes the balance from the ledger itself, not the cached copy", async () => {
    const [harbor] = await listAgencies(db);
    await db.account.update({ where: { id: harbor.id }, data: { creditBalance: 7 } });
    expect((await listAgencies(db))[0].balance).toBe(480);
  });
});
