import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { testDatabases } from "@/lib/testing/test-databases";
import { createAgency } from "@/lib/accounts/create-agency";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { loadTenant } from "@/lib/auth/load-tenant";
import { requestBlast } from "@/lib/blasts/request-blast";
import { requestDirectSend } from "@/lib/blasts/request-direct-send";
import { sendTestEmail } from "@/lib/blasts/send-test-email";
import { retryFailed } from "@/lib/blasts/change-blast";
import { startBlast } from "@/lib/blasts/start-blast";
import { listBlasts } from "@/lib/blasts/list-blasts";
import { setAgencyStatus } from "@/lib/operators/set-agency-status";
import type { Mailer } from "@/lib/mail";

const message = { templateKey: "office-hours", subject: "Holiday hours", customMessage: "Closed Friday." };
const settings = { appUrl: "http://localhost:3000", unsubscribeSecret: "u".repeat(40), from: "Blast <n@blast.test>" };

describe.each(testDatabases())("an operator suspends and reactivates an agency on $name", ({ create }) => {
  let db: PrismaClient;
  let close: () => Promise<void>;
  let actor: { accountId: string; userId: string };
  let customerId: string;
  const mailed: unknown[] = [];
  const mailer = { send: async (email: unknown) => (mailed.push(email), { kind: "sent", id: "re_1" }) } as unknown as Mailer;
  const balance = async () => (await db.account.findUniqueOrThrow({ where: { id: actor.accountId } })).creditBalance;

  beforeAll(async () => {
    ({ db, close } = await create());
    const { account, owner } = await createAgency(db, {
      name: "Harbor Insurance",
      senderName: "Harbor",
      senderEmail: "office@harbor.test",
      postalAddress: "1 Main St",
      owner: { name: "Dana", email: "dana@harbor.test", password: "harbor-password-1" },
      credit: 50,
    });
    actor = { accountId: account.id, userId: owner.id };
    customerId = (
      await db.customer.create({
        data: { accountId: account.id, email: "maria@example.com", emailNormalized: "maria@example.com", firstName: "Maria" },
      })
    ).id;
  });
  afterAll(() => close());

  it("suspends: agents still sign in and read; sends are refused at request time, charging and writing nothing", async () => {
    const scheduledAt = new Date(Date.now() + 3_600_000);
    const scheduled = await requestBlast(db, actor, {
      ...message,
      selection: { mode: "all" },
      urgent: false,
      scheduledAt: scheduledAt.toISOString(),
    });
    const blasts = await db.blast.count();

    expect(await setAgencyStatus(db, { agency: "Harbor Insurance", status: "SUSPENDED", reason: "Unpaid invoice", by: "ops-jo" })).toEqual({
      accountId: actor.accountId,
      name: "Harbor Insurance",
      status: "SUSPENDED",
    });
    expect(await db.activity.findFirst({ where: { accountId: actor.accountId, type: "agency.suspended" } })).toMatchObject({
      userId: null,
      detail: { operator: "ops-jo", reason: "Unpaid invoice" },
    });

    expect(await verifyCredentials(db, { email: "dana@harbor.test", password: "harbor-password-1" }, null)).toMatchObject({ ok: true });
    expect(await loadTenant(db, { ...actor, sessionVersion: 0 })).toMatchObject({ account: { suspended: true, creditBalance: 50 } });
    expect((await listBlasts(db, { accountId: actor.accountId })).rows.map((b) => b.id)).toContain(scheduled.blastId);

    const refused = { code: "FORBIDDEN", message: expect.stringMatching(/^Agency suspended: /) };
    await expect(requestBlast(db, actor, { ...message, selection: { mode: "all" }, urgent: true })).rejects.toMatchObject(refused);
    await expect(requestDirectSend(db, actor, { ...message, customerId })).rejects.toMatchObject(refused);
    await expect(sendTestEmail(db, mailer, { ...actor, message }, settings)).rejects.toMatchObject(refused);
    expect([await db.blast.count(), await balance(), mailed.length]).toEqual([blasts, 50, 0]);

    // The blast scheduled before the suspension fails when due, with nothing reserved.
    expect(
      await startBlast(db, { blastId: scheduled.blastId, accountId: actor.accountId }, new Date(scheduledAt.getTime() + 1000)),
    ).toEqual({ outcome: "failed", reason: "agency suspended" });
    expect(await db.blast.findUniqueOrThrow({ where: { id: scheduled.blastId } })).toMatchObject({
      status: "FAILED",
      failureReason: "agency suspended",
    });
    expect(await db.activity.findFirst({ where: { blastId: scheduled.blastId, type: "blast.failed" } })).toMatchObject({
      detail: { reason: "agency suspended" },
    });
    expect([
      await db.delivery.count({ where: { blastId: scheduled.blastId } }),
      await db.creditEntry.count({ where: { blastId: scheduled.blastId } }),
      await balance(),
    ]).toEqual([0, 0, 50]);
  });

  it("refuses a retry of failed recipients while suspended, and a retry already queued does not go out", async () => {
    const done = await db.blast.create({
      data: {
        ...message,
        accountId: actor.accountId,
        createdById: actor.userId,
        selection: { mode: "all" },
        status: "COMPLETED",
        recipientCount: 1,
        failedCount: 1,
      },
    });
    await db.delivery.create({
      data: { accountId: actor.accountId, blastId: done.id, customerId, email: "maria@example.com", status: "FAILED" },
    });
    await expect(retryFailed(db, actor, done.id)).rejects.toMatchObject({ code: "FORBIDDEN" });

    await db.blast.update({ where: { id: done.id }, data: { status: "QUEUED", retryRound: 1 } }); // requested just before the suspension
    expect(await startBlast(db, { blastId: done.id, accountId: actor.accountId })).toEqual({
      outcome: "failed",
      reason: "agency suspended",
    });
    expect(await db.blast.findUniqueOrThrow({ where: { id: done.id } })).toMatchObject({
      status: "COMPLETED",
      failureReason: "agency suspended",
      failedCount: 1,
    });
    expect(await db.delivery.findFirstOrThrow({ where: { blastId: done.id } })).toMatchObject({ status: "FAILED" });
    expect(await balance()).toBe(50);
  });

  it("says so when asked to suspend twice, and refuses an unknown agency", async () => {
    await expect(setAgencyStatus(db, { agency: actor.accountId, status: "SUSPENDED" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "Harbor Insurance is already suspended",
    });
    await expect(setAgencyStatus(db, { agency: "Nowhere", status: "SUSPENDED" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringContaining('Agency not found: "Nowhere"'),
    });
    await expect(setAgencyStatus(db, { agency: "", status: "SUSPENDED" })).rejects.toMatchObject({ code: "INVALID" });
    expect(await db.activity.count({ where: { accountId: actor.accountId, type: "agency.suspended" } })).toBe(1);
  });

  it("reactivates: the agency sends again", async () => {
    expect(await setAgencyStatus(db, { agency: actor.accountId, status: "ACTIVE" })).toMatchObject({ status: "ACTIVE" });
    expect(await db.activity.count({ where: { accountId: actor.accountId, type: "agency.reactivated" } })).toBe(1);
    expect(await loadTenant(db, { ...actor, sessionVersion: 0 })).toMatchObject({ account: { suspended: false } });
    const { blastId } = await requestBlast(db, actor, { ...message, selection: { mode: "all" }, urgent: false });
    expect(await startBlast(db, { blastId, accountId: actor.accountId })).toMatchObject({ outcome: "sending", pending: 1 });
    expect(await balance()).toBe(49);
    await expect(setAgencyStatus(db, { agency: actor.accountId, status: "ACTIVE" })).rejects.toThrow("Harbor Insurance is already active");
  });
});
