import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient, DeliveryOutcome } from "@/lib/generated/prisma/client";
import { testDatabases } from "@/lib/testing/test-databases";
import { recordDeliveryOutcome, type DeliveryRef } from "./record-delivery-outcome";
import type { ProviderReport } from "./delivery-outcome";

const T0 = Date.parse("2026-03-01T12:00:00.000Z");
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const outcome = (o: DeliveryOutcome, s: number, detail?: string): ProviderReport => ({ kind: "outcome", outcome: o, at: at(s), detail });

describe.each(testDatabases())("delivery outcomes on $name", ({ create }) => {
  let db: PrismaClient;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ db, close } = await create());
  });
  afterAll(async () => close?.());

  /** An agency with one SENT blast of n deliveries. */
  async function seedBlast(n: number) {
    const account = await db.account.create({ data: { name: "Harbor", senderName: "Dana", senderEmail: "dana@harbor.test" } });
    const user = await db.user.create({ data: { accountId: account.id, email: `agent-${randomUUID()}@harbor.test`, name: "Dana" } });
    const blast = await db.blast.create({
      data: {
        accountId: account.id,
        createdById: user.id,
        templateKey: "office-hours",
        subject: "Hi",
        selection: { mode: "all" },
        status: "COMPLETED",
        recipientCount: n,
        sentCount: n,
      },
    });
    const refs: DeliveryRef[] = [];
    for (let i = 0; i < n; i++) {
      const email = `c${i}-${randomUUID()}@example.com`;
      const customer = await db.customer.create({ data: { accountId: account.id, email, emailNormalized: email } });
      const d = await db.delivery.create({
        data: { accountId: account.id, blastId: blast.id, customerId: customer.id, email, status: "SENT", providerMessageId: randomUUID() },
      });
      refs.push({ accountId: account.id, deliveryId: d.id });
    }
    return { account, blast, refs };
  }

  const counters = async (blastId: string) => {
    const b = await db.blast.findUniqueOrThrow({ where: { id: blastId } });
    return {
      delivered: b.deliveredCount,
      delayed: b.delayedCount,
      bounced: b.bouncedCount,
      complained: b.complainedCount,
      opened: b.openedCount,
      clicked: b.clickedCount,
    };
  };
  const zero = { delivered: 0, delayed: 0, bounced: 0, complained: 0, opened: 0, clicked: 0 };
  const row = (ref: DeliveryRef) => db.delivery.findUniqueOrThrow({ where: { id: ref.deliveryId } });

  it("a late 'delivered' never overwrites 'bounced'; the counters follow the outcome that stands", async () => {
    const {
      blast,
      refs: [a, b],
    } = await seedBlast(2);
    expect(await recordDeliveryOutcome(db, a, outcome("BOUNCED", 5, "Permanent / General / 550 no such user"))).toBe(true);
    expect(await recordDeliveryOutcome(db, a, outcome("DELIVERED", 2))).toBe(false);
    expect(await row(a)).toMatchObject({ outcome: "BOUNCED", outcomeAt: at(5), outcomeDetail: "Permanent / General / 550 no such user" });
    // The usual order on the other one: delivered, then bounced (a late bounce replaces it).
    expect(await recordDeliveryOutcome(db, b, outcome("DELIVERED", 2))).toBe(true);
    expect(await counters(blast.id)).toEqual({ ...zero, delivered: 1, bounced: 1 });
    expect(await recordDeliveryOutcome(db, b, outcome("BOUNCED", 9))).toBe(true);
    expect(await counters(blast.id)).toEqual({ ...zero, bounced: 2 });
  });

  it("precedence: complained > bounced > delivered > delayed; equal rank takes the later time", async () => {
    const {
      blast,
      refs: [d],
    } = await seedBlast(1);
    expect(await recordDeliveryOutcome(db, d, outcome("DELAYED", 1))).toBe(true);
    expect(await counters(blast.id)).toEqual({ ...zero, delayed: 1 });
    expect(await recordDeliveryOutcome(db, d, outcome("DELIVERED", 3))).toBe(true);
    expect(await recordDeliveryOutcome(db, d, outcome("DELAYED", 8))).toBe(false);
    expect(await counters(blast.id)).toEqual({ ...zero, delivered: 1 });
    expect(await recordDeliveryOutcome(db, d, outcome("DELIVERED", 2))).toBe(false); // older, same rank
    expect(await recordDeliveryOutcome(db, d, outcome("DELIVERED", 4))).toBe(true); // newer, same rank
    expect(await row(d)).toMatchObject({ outcome: "DELIVERED", outcomeAt: at(4) });
    expect(await recordDeliveryOutcome(db, d, outcome("COMPLAINED", 60))).toBe(true);
    expect(await recordDeliveryOutcome(db, d, outcome("BOUNCED", 70))).toBe(false);
    expect(await row(d)).toMatchObject({ outcome: "COMPLAINED", outcomeAt: at(60) });
    expect(await counters(blast.id)).toEqual({ ...zero, complained: 1 });
  });

  it("a duplicate changes nothing, not even the blast's updatedAt", async () => {
    const {
      blast,
      refs: [d],
    } = await seedBlast(1);
    expect(await recordDeliveryOutcome(db, d, outcome("DELIVERED", 1))).toBe(true);
    const before = await db.blast.findUniqueOrThrow({ where: { id: blast.id } });
    const rowBefore = await row(d);
    for (let i = 0; i < 3; i++) expect(await recordDeliveryOutcome(db, d, outcome("DELIVERED", 1))).toBe(false);
    expect(await db.blast.findUniqueOrThrow({ where: { id: blast.id } })).toEqual(before);
    expect(await row(d)).toEqual(rowBefore);
  });

  it("opened and clicked keep the first time seen and count each delivery once", async () => {
    const {
      blast,
      refs: [d],
    } = await seedBlast(1);
    expect(await recordDeliveryOutcome(db, d, { kind: "opened", at: at(30) })).toBe(true);
    expect(await recordDeliveryOutcome(db, d, { kind: "opened", at: at(40) })).toBe(false);
    expect(await recordDeliveryOutcome(db, d, { kind: "opened", at: at(20) })).toBe(true); // earlier, arrived late
    expect(await recordDeliveryOutcome(db, d, { kind: "opened", at: at(20) })).toBe(false);
    expect(await recordDeliveryOutcome(db, d, { kind: "clicked", at: at(35) })).toBe(true);
    expect(await row(d)).toMatchObject({ openedAt: at(20), clickedAt: at(35), outcome: null });
    expect(await counters(blast.id)).toEqual({ ...zero, opened: 1, clicked: 1 });
  });

  it("never touches another agency's delivery: a ref with the wrong account changes nothing", async () => {
    const a = await seedBlast(1);
    const b = await seedBlast(1);
    const foreign = { accountId: a.account.id, deliveryId: b.refs[0].deliveryId };
    expect(await recordDeliveryOutcome(db, foreign, outcome("BOUNCED", 1))).toBe(false);
    expect(await recordDeliveryOutcome(db, foreign, { kind: "opened", at: at(1) })).toBe(false);
    expect(await row(b.refs[0])).toMatchObject({ outcome: null, openedAt: null });
    expect(await counters(a.blast.id)).toEqual(zero);
    expect(await counters(b.blast.id)).toEqual(zero);
  });

  it("any order, with duplicates and concurrent writers, ends in the same outcomes, and the counters equal the rows", async () => {
    const { blast, refs } = await seedBlast(12);
    // Per delivery a history of reports; the expected final outcome is the top-ranked, latest one.
    const histories = refs.map((ref, i) => {
      const reports: ProviderReport[] = [outcome("DELIVERED", 10 + i)];
      if (i % 3 === 0) reports.push(outcome("BOUNCED", 20 + i), outcome("DELAYED", 5));
      if (i % 4 === 0) reports.push(outcome("COMPLAINED", 90 + i));
      if (i % 2 === 0)
        reports.push({ kind: "opened", at: at(50 + i) }, { kind: "clicked", at: at(55 + i) }, { kind: "opened", at: at(51 + i) });
      return { ref, reports: [...reports, ...reports] }; // every report twice
    });
    const all = histories.flatMap(({ ref, reports }) => reports.map((r) => ({ ref, r })));
    // A fixed shuffle (reproducible), then all of it at once: writes to one delivery race each other.
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = all.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [all[i], all[j]] = [all[j], all[i]];
    }
    await Promise.all(all.map(({ ref, r }) => recordDeliveryOutcome(db, ref, r)));

    const rows = await db.delivery.findMany({ where: { blastId: blast.id } });
    for (const [i, ref] of refs.entries()) {
      const d = rows.find((x) => x.id === ref.deliveryId)!;
      const expected = i % 4 === 0 ? ["COMPLAINED", 90 + i] : i % 3 === 0 ? ["BOUNCED", 20 + i] : ["DELIVERED", 10 + i];
      expect([d.outcome, d.outcomeAt?.getTime()]).toEqual([expected[0], at(expected[1] as number).getTime()]);
      expect(d.openedAt?.getTime() ?? null).toBe(i % 2 === 0 ? at(50 + i).getTime() : null);
    }
    const count = (o: DeliveryOutcome) => rows.filter((r) => r.outcome === o).length;
    expect(await counters(blast.id)).toEqual({
      delivered: count("DELIVERED"),
      delayed: count("DELAYED"),
      bounced: count("BOUNCED"),
      complained: count("COMPLAINED"),
      opened: rows.filter((r) => r.openedAt).length,
      clicked: rows.filter((r) => r.clickedAt).length,
    });
    expect(count("DELAYED")).toBe(0);
  });
});
