import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { testDatabases } from "@/lib/testing/test-databases";
import { createAgency } from "@/lib/accounts/create-agency";
import { requestBlast } from "@/lib/blasts/request-blast";
import { requestDirectSend } from "@/lib/blasts/request-direct-send";
import { cancelBlast, rescheduleBlast, retryFailed } from "@/lib/blasts/change-blast";
import { countRecipients } from "@/lib/blasts/count-recipients";
import { dispatchOutbox } from "@/lib/outbox/outbox";
import { AppError } from "@/lib/errors";

const message = { templateKey: "office-hours", subject: "Holiday hours", customMessage: "Closed Friday." };

describe.each(testDatabases())("blast requests on $name", ({ create }) => {
  let db: PrismaClient;
  let close: () => Promise<void>;
  let a: { accountId: string; userId: string };
  let b: { accountId: string; userId: string };
  let customerA: string;
  let customerB: string;

  beforeAll(async () => {
    ({ db, close } = await create());
    const make = async (tag: string, credit: number) => {
      const { account, owner } = await createAgency(db, {
        name: tag,
        senderName: tag,
        senderEmail: `${tag}@agency.test`,
        postalAddress: "1 Road",
        owner: { name: tag, email: `${tag}-owner@agency.test`, password: "password-123" },
        credit,
      });
      return { accountId: account.id, userId: owner.id };
    };
    a = await make("a", 3);
    b = await make("b", 10);
    const mk = (accountId: string, email: string, extra: object = {}) =>
      db.customer.create({ data: { accountId, email, emailNormalized: email, firstName: "F", tags: ["home"], ...extra } });
    customerA = (await mk(a.accountId, "x@a.test")).id;
    await mk(a.accountId, "y@a.test", { status: "INACTIVE" });
    await mk(a.accountId, "z@a.test", { optedOutAt: new Date(), tags: ["auto"] });
    customerB = (await mk(b.accountId, "x@b.test")).id;
  });
  afterAll(() => close());

  it("records a blast and its event in one go, and refuses a time in the past without writing anything", async () => {
    const { blastId, eventIds } = await requestBlast(db, a, { ...message, selection: { mode: "all" }, urgent: true });
    const blast = await db.blast.findUniqueOrThrow({ where: { id: blastId } });
    expect(blast).toMatchObject({ status: "QUEUED", priority: "URGENT", accountId: a.accountId });
    expect(await db.outboxEvent.findMany({ where: { eventId: { in: eventIds } } })).toHaveLength(1);
    const before = await db.blast.count();
    await expect(
      requestBlast(db, a, {
        ...message,
        selection: { mode: "all" },
        urgent: false,
        scheduledAt: new Date(Date.now() - 60_000).toISOString(),
      }),
    ).rejects.toThrow("That time has passed");
    expect(await db.blast.count()).toBe(before);
  });

  it("refuses a hand-picked list naming another agency's customer, writing nothing", async () => {
    const before = await db.blast.count();
    await expect(
      requestBlast(db, a, { ...message, selection: { mode: "ids", ids: [customerA, customerB] }, urgent: false }),
    ).rejects.toThrow("Customer not found");
    expect(await db.blast.count()).toBe(before);
  });

  it("counts eligible recipients and the credit they cost before sending", async () => {
    expect(await countRecipients(db, a.accountId, { mode: "all" })).toMatchObject({
      selected: 2,
      eligible: 1,
      optedOut: 1,
      enoughCredit: true,
    });
    expect(await countRecipients(db, a.accountId, { mode: "tag", tags: ["home"] })).toMatchObject({
      selected: 2,
      eligible: 1,
      inactive: 1,
    });
    // Another agency's customer picked by id does not count.
    expect(await countRecipients(db, a.accountId, { mode: "ids", ids: [customerA, customerB] })).toMatchObject({
      selected: 1,
      eligible: 1,
    });
  });

  it("sends to one customer: one delivery, one credit, one event; refuses another agency's customer", async () => {
    const { blastId } = await requestDirectSend(db, a, { ...message, customerId: customerA });
    expect(await db.delivery.count({ where: { blastId } })).toBe(1);
    expect((await db.account.findUniqueOrThrow({ where: { id: a.accountId } })).creditBalance).toBe(2);
    await expect(requestDirectSend(db, a, { ...message, customerId: customerB })).rejects.toThrow("Customer not found");
    expect(await db.blast.count({ where: { accountId: b.accountId } })).toBe(0);
  });

  it("refuses to send without credit, leaving nothing behind", async () => {
    await requestDirectSend(db, a, { ...message, customerId: customerA });
    await requestDirectSend(db, a, { ...message, customerId: customerA });
    const blasts = await db.blast.count();
    await expect(requestDirectSend(db, a, { ...message, customerId: customerA })).rejects.toThrow("Not enough credit");
    expect(await db.blast.count()).toBe(blasts);
    expect((await db.account.findUniqueOrThrow({ where: { id: a.accountId } })).creditBalance).toBe(0);
  });

  it("cancels, reschedules and retries only the agency's own blasts, in the states that allow it", async () => {
    const at = new Date(Date.now() + 3_600_000).toISOString();
    const { blastId } = await requestBlast(db, a, { ...message, selection: { mode: "all" }, urgent: false, scheduledAt: at });
    await expect(cancelBlast(db, b, blastId)).rejects.toThrow("Blast not found");
    await expect(rescheduleBlast(db, b, blastId, new Date(Date.now() + 7_200_000))).rejects.toThrow("Blast not found");
    await expect(retryFailed(db, a, blastId)).rejects.toThrow("once the blast has finished");
    await rescheduleBlast(db, a, blastId, new Date(Date.now() + 7_200_000));
    await cancelBlast(db, a, blastId);
    expect((await db.blast.findUniqueOrThrow({ where: { id: blastId } })).status).toBe("CANCELLED");
    await expect(cancelBlast(db, a, blastId)).rejects.toBeInstanceOf(AppError);
    await expect(retryFailed(db, a, blastId)).rejects.toThrow("No failed recipients");
    const types = (await db.activity.findMany({ where: { blastId } })).map((x) => x.type).sort();
    expect(types).toEqual(["blast.cancelled", "blast.scheduled", "blast.scheduled"]);
  });

  it("keeps an event in the outbox while the engine is unreachable, and sends it once it answers", async () => {
    const { eventIds } = await requestBlast(db, b, { ...message, selection: { mode: "all" }, urgent: false });
    const down = await dispatchOutbox(
      db,
      async () => {
        throw new Error("connect ECONNREFUSED");
      },
      { eventIds },
    );
    expect(down).toEqual({ sent: 0, failed: 1 });
    const row = await db.outboxEvent.findUniqueOrThrow({ where: { eventId: eventIds[0] } });
    expect(row).toMatchObject({ sentAt: null, attempts: 1, lastError: "connect ECONNREFUSED" });
    const sent: string[] = [];
    expect(
      await dispatchOutbox(
        db,
        async (events) => {
          sent.push(...events.map((e) => e.id));
        },
        { olderThanMs: 0 },
      ),
    ).toMatchObject({ failed: 0 });
    expect(sent).toContain(eventIds[0]);
    expect((await db.outboxEvent.findUniqueOrThrow({ where: { eventId: eventIds[0] } })).sentAt).not.toBeNull();
  });
});
