import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { testDatabases } from "@/lib/testing/test-databases";
import { createAgency } from "@/lib/accounts/create-agency";
import { requestBlast } from "@/lib/blasts/request-blast";
import { startBlast } from "@/lib/blasts/start-blast";
import { cancelBlast } from "@/lib/blasts/change-blast";
import { pauseBlast, resumeBlast, resumeTarget } from "@/lib/blasts/pause-blast";
import { claimQueued } from "@/lib/testing/claim-queued";
import { cancelPendingDeliveries, settleDelivery } from "@/lib/deliveries/settle-delivery";

const message = { templateKey: "office-hours", subject: "Office closed", customMessage: "" };

describe.each(testDatabases())("pausing and resuming a blast on $name", ({ create }) => {
  let db: PrismaClient;
  let close: () => Promise<void>;
  let actor: { accountId: string; userId: string };

  beforeAll(async () => {
    ({ db, close } = await create());
    const { account, owner } = await createAgency(db, {
      name: "p",
      senderName: "p",
      senderEmail: "p@agency.test",
      postalAddress: "1 Road",
      owner: { name: "p", email: "p-owner@agency.test", password: "password-123" },
      credit: 100,
    });
    actor = { accountId: account.id, userId: owner.id };
    for (let i = 0; i < 4; i++)
      await db.customer.create({ data: { accountId: account.id, email: `c${i}@p.test`, emailNormalized: `c${i}@p.test`, firstName: "C" } });
  });
  afterAll(() => close());

  async function sendingBlast() {
    const { blastId } = await requestBlast(db, actor, { ...message, selection: { mode: "all" }, urgent: false });
    expect(await startBlast(db, { ...actor, blastId })).toMatchObject({ outcome: "sending", pending: 4 });
    const deliveries = await db.delivery.findMany({ where: { blastId }, orderBy: { id: "asc" } });
    return { blastId, deliveries: deliveries.map((d) => ({ accountId: d.accountId, deliveryId: d.id })) };
  }
  const balance = async () => (await db.account.findUniqueOrThrow({ where: { id: actor.accountId } })).creditBalance;

  it("claims nothing while paused; resume re-sends exactly the unsent recipients, under new event ids", async () => {
    const { blastId, deliveries } = await sendingBlast();
    expect(await claimQueued(db, deliveries[0])).toEqual([deliveries[0].deliveryId]);
    await pauseBlast(db, actor, blastId);
    expect(await db.blast.findUniqueOrThrow({ where: { id: blastId } })).toMatchObject({ status: "PAUSED", pausedFrom: "SENDING" });
    // In flight before the pause: finishes. Not yet claimed: stays PENDING, credit still reserved.
    expect(await claimQueued(db, deliveries[1])).toEqual([]);
    expect(await settleDelivery(db, deliveries[0], { status: "SENT", providerMessageId: "p-1" })).toBe(true);
    expect((await db.delivery.findUniqueOrThrow({ where: { id: deliveries[1].deliveryId } })).status).toBe("PENDING");
    expect(await resumeTarget(db, { ...actor, blastId }, 1)).toBeNull();

    const { eventIds } = await resumeBlast(db, actor, blastId);
    expect(eventIds).toEqual([`blast:${blastId}:resumed:1`]);
    expect(await db.outboxEvent.count({ where: { eventId: eventIds[0], name: "blast/resumed" } })).toBe(1);
    expect(await resumeTarget(db, { ...actor, blastId }, 1)).toEqual({ round: 0, urgent: false });
    expect(await claimQueued(db, deliveries[1])).toEqual([deliveries[1].deliveryId]);
    const activity = await db.activity.groupBy({
      by: ["type"],
      where: { blastId, type: { in: ["blast.paused", "blast.resumed"] } },
      _count: true,
    });
    expect(Object.fromEntries(activity.map((r) => [r.type, r._count]))).toEqual({ "blast.paused": 1, "blast.resumed": 1 });
  });

  it("a paused blast can be cancelled: the unsent are refunded, nothing more is claimed", async () => {
    const { blastId, deliveries } = await sendingBlast();
    const before = await balance();
    await pauseBlast(db, actor, blastId);
    await cancelBlast(db, actor, blastId);
    expect(await cancelPendingDeliveries(db, { ...actor, blastId })).toBe(4);
    expect(await balance()).toBe(before + 4);
    expect(await claimQueued(db, deliveries[0])).toEqual([]);
    expect(await db.blast.findUniqueOrThrow({ where: { id: blastId } })).toMatchObject({
      status: "CANCELLED",
      cancelledCount: 4,
      pausedFrom: null,
    });
    await expect(resumeBlast(db, actor, blastId)).rejects.toThrow("not paused");
  });

  it("a blast paused before its fan-out goes back to waiting for it; a finished one cannot be paused", async () => {
    const { blastId, eventIds } = await requestBlast(db, actor, {
      ...message,
      selection: { mode: "all" },
      urgent: false,
      scheduledAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    await pauseBlast(db, actor, blastId);
    // The sleeping fan-out wakes to a paused blast and stops.
    expect(await startBlast(db, { ...actor, blastId }, new Date(Date.now() + 2 * 3600_000))).toMatchObject({ outcome: "stopped" });
    const resumed = await resumeBlast(db, actor, blastId);
    expect(resumed.eventIds).toEqual([`${eventIds[0]}:resume-1`]);
    expect((await db.blast.findUniqueOrThrow({ where: { id: blastId } })).status).toBe("SCHEDULED");
    await cancelBlast(db, actor, blastId);
    await expect(pauseBlast(db, actor, blastId)).rejects.toThrow("only a scheduled or sending blast can be paused");
  });

  it("a paused blast whose in-flight emails all settle has nothing left: it completes", async () => {
    const { blastId, deliveries } = await sendingBlast();
    for (const d of deliveries) expect(await claimQueued(db, d)).toEqual([d.deliveryId]);
    await pauseBlast(db, actor, blastId);
    for (const d of deliveries) await settleDelivery(db, d, { status: "SENT", providerMessageId: `p-${d.deliveryId}` });
    expect(await db.blast.findUniqueOrThrow({ where: { id: blastId } })).toMatchObject({
      status: "COMPLETED",
      sentCount: 4,
      pausedAt: null,
    });
  });

  it("the per-customer worker's failure leaves a claimed delivery to its batch (no refund of an email that goes out)", async () => {
    const { blastId, deliveries } = await sendingBlast();
    const before = await balance();
    expect(await claimQueued(db, deliveries[0])).toEqual([deliveries[0].deliveryId]);
    expect(await settleDelivery(db, deliveries[0], { status: "FAILED", reason: "invoke timed out" }, ["PENDING"])).toBe(false);
    expect(await settleDelivery(db, deliveries[0], { status: "SENT", providerMessageId: "late-1" })).toBe(true);
    expect(await balance()).toBe(before);
    expect((await db.blast.findUniqueOrThrow({ where: { id: blastId } })).failedCount).toBe(0);
  });
});
