import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/db";
import { testDatabases } from "@/lib/testing/test-databases";
import { createAgency } from "@/lib/accounts/create-agency";
import { requestBlast } from "@/lib/blasts/request-blast";
import { startBlast } from "@/lib/blasts/start-blast";
import { cancelBlast } from "@/lib/blasts/change-blast";
import { claimQueued } from "@/lib/testing/claim-queued";
import { cancelPendingDeliveries, completeIfSettled, settleDelivery, type FinalStatus } from "./settle-delivery";

/**
 * The guarantees of lib/deliveries, straight on the database (no engine): a settlement happens once, the
 * last one completes the blast once, a claim and a cancel never both win, a refund is never doubled.
 * On PostgreSQL the concurrent cases really run in parallel (a connection each); PGlite serialises them.
 */
const message = { templateKey: "office-hours", subject: "Office hours", customMessage: "Open Monday." };
type Ref = { accountId: string; deliveryId: string };

describe.each(testDatabases())("deliveries on $name", ({ create }) => {
  let raw: PrismaClient;
  let db: Db;
  let close: () => Promise<void>;
  /** Blast ids whose SENDING → COMPLETED update really changed the row, one entry per time it did. */
  const completions: string[] = [];

  beforeAll(async () => {
    ({ db: raw, close } = await create());
    // Counts completions at the source: the activity row is deduplicated, so it cannot show a second one.
    db = raw.$extends({
      query: {
        blast: {
          async updateMany({ args, query }) {
            const result = await query(args);
            const data = args.data as { status?: unknown } | undefined;
            if (data?.status === "COMPLETED" && result.count > 0) completions.push(String((args.where as { id?: unknown })?.id));
            return result;
          },
        },
      },
    }) as unknown as Db;
  });
  afterAll(async () => close?.());

  /** An agency with `n` eligible customers and a blast started on them: n PENDING deliveries, n credits reserved. */
  async function seedSendingBlast(n: number, credit = n + 5) {
    const tag = randomUUID().slice(0, 8);
    const { account, owner } = await createAgency(raw, {
      name: `Agency ${tag}`,
      senderName: "Dana",
      senderEmail: `dana-${tag}@agency.test`,
      postalAddress: "1 Main St",
      owner: { name: "Dana", email: `owner-${tag}@agency.test`, password: "password-123" },
      credit,
    });
    await raw.customer.createMany({
      data: Array.from({ length: n }, (_, i) => {
        const email = `c${i}-${tag}@example.com`;
        return { accountId: account.id, email, emailNormalized: email, firstName: `C${i}` };
      }),
    });
    const actor = { accountId: account.id, userId: owner.id };
    const { blastId } = await requestBlast(raw, actor, { ...message, selection: { mode: "all" }, urgent: false });
    expect(await startBlast(raw, { blastId, accountId: account.id })).toMatchObject({ outcome: "sending", pending: n });
    const deliveries = await raw.delivery.findMany({ where: { blastId }, orderBy: { id: "asc" } });
    expect(deliveries.map((d) => d.status)).toEqual(Array(n).fill("PENDING"));
    const refs: Ref[] = deliveries.map((d) => ({ accountId: account.id, deliveryId: d.id }));
    return { actor, blastId, refs, opening: credit };
  }

  /** Everything a settlement may touch, for "changed nothing" comparisons. */
  async function snapshot(accountId: string, blastId: string) {
    const [blast, account, ledger, activities, deliveries] = await Promise.all([
      raw.blast.findUniqueOrThrow({ where: { id: blastId } }),
      raw.account.findUniqueOrThrow({ where: { id: accountId }, select: { creditBalance: true } }),
      raw.creditEntry.findMany({ where: { accountId }, orderBy: { id: "asc" } }),
      raw.activity.findMany({ where: { accountId }, orderBy: { id: "asc" } }),
      raw.delivery.findMany({ where: { blastId }, orderBy: { id: "asc" } }),
    ]);
    return { blast, balance: account.creditBalance, ledger, activities, deliveries };
  }

  /** The ledger sums to the cached balance, and the balance is the opening credit minus what was sent. */
  async function expectLedger(accountId: string, opening: number, sent: number) {
    const { _sum } = await raw.creditEntry.aggregate({ where: { accountId }, _sum: { delta: true } });
    const { creditBalance } = await raw.account.findUniqueOrThrow({ where: { id: accountId } });
    expect({ balance: creditBalance, ledger: _sum.delta }).toEqual({ balance: opening - sent, ledger: opening - sent });
  }

  const activityCount = (blastId: string, type: string) => raw.activity.count({ where: { blastId, type } });

  it("settling again returns false and changes nothing: counters, ledger, activity, completion", async () => {
    const {
      actor,
      blastId,
      refs: [first, last],
      opening,
    } = await seedSendingBlast(2);

    expect(await settleDelivery(db, first, { status: "FAILED", reason: "Error: the email provider refused this email" })).toBe(true);
    const afterFirst = await snapshot(actor.accountId, blastId);
    expect(afterFirst.blast).toMatchObject({ status: "SENDING", failedCount: 1, completedAt: null });
    expect(afterFirst.balance).toBe(opening - 1);
    // The same outcome again (a retried onFailure), then the other outcomes a late step could report.
    for (const status of ["FAILED", "SENT", "CANCELLED", "SKIPPED"] as FinalStatus[]) {
      expect(await settleDelivery(db, first, { status, reason: "again", providerMessageId: "msg-late" })).toBe(false);
    }
    // Nor can a settled delivery be claimed again while its blast still sends.
    expect(await claimQueued(db, first)).toEqual([]);
    expect(await snapshot(actor.accountId, blastId)).toEqual(afterFirst);

    expect(await settleDelivery(db, last, { status: "SENT", providerMessageId: "msg-1" })).toBe(true);
    const completed = await snapshot(actor.accountId, blastId);
    expect(completed.blast).toMatchObject({ status: "COMPLETED", sentCount: 1, failedCount: 1 });
    expect(completed.blast.completedAt).not.toBeNull();
    for (const status of ["SENT", "FAILED", "CANCELLED"] as FinalStatus[]) {
      expect(await settleDelivery(db, last, { status, reason: "again", providerMessageId: "msg-2" })).toBe(false);
    }
    // The completion check itself, run again (as the cancel's settler also runs it), completes nothing twice.
    await raw.$transaction((tx) => completeIfSettled(tx, blastId, actor.accountId, 0));
    await db.$transaction((tx) => completeIfSettled(tx, blastId, actor.accountId, 0));
    expect(await snapshot(actor.accountId, blastId)).toEqual(completed);
    expect(completions.filter((id) => id === blastId)).toHaveLength(1);
    expect(await activityCount(blastId, "blast.completed")).toBe(1);
    await expectLedger(actor.accountId, opening, 1);
  });

  it("N concurrent settlements of one blast: the last one completes it, exactly once, with every count", async () => {
    const outcomes: FinalStatus[] = ["SENT", "SENT", "FAILED", "SKIPPED", "CANCELLED"];
    for (let round = 0; round < 3; round++) {
      const n = 20;
      const { actor, blastId, refs, opening } = await seedSendingBlast(n);
      const statusOf = (i: number) => outcomes[i % outcomes.length];
      const settled = await Promise.all(
        refs.map((ref, i) => settleDelivery(db, ref, { status: statusOf(i), reason: "why", providerMessageId: `msg-${i}` })),
      );
      expect(settled).toEqual(Array(n).fill(true));

      const expected = { sent: 0, failed: 0, skipped: 0, cancelled: 0 };
      refs.forEach((_, i) => (expected[statusOf(i).toLowerCase() as keyof typeof expected] += 1));
      const blast = await raw.blast.findUniqueOrThrow({ where: { id: blastId } });
      expect(blast).toMatchObject({
        status: "COMPLETED",
        sentCount: expected.sent,
        failedCount: expected.failed,
        skippedCount: expected.skipped,
        cancelledCount: expected.cancelled,
      });
      expect(blast.completedAt).not.toBeNull();
      expect(completions.filter((id) => id === blastId)).toHaveLength(1);
      // The completing settlement saw every other one (the counts it recorded are the final ones).
      const done = await raw.activity.findMany({ where: { blastId, type: "blast.completed" } });
      expect(done).toHaveLength(1);
      expect(done[0].detail).toMatchObject(expected);
      expect(await raw.activity.count({ where: { blastId, type: { startsWith: "delivery." } } })).toBe(n);
      await expectLedger(actor.accountId, opening, expected.sent);
    }
  });

  it("a claim racing a cancel: each delivery is either claimed and settled, or cancelled — never both; refunds once", async () => {
    for (let round = 0; round < 6; round++) {
      // 20 deliveries: 5 claimed before the cancel, 10 whose claims race the cancel (the agent's click, then
      // the settler), 5 whose runs never claim (cancelOn dropped them). Claimed ones settle SENT or FAILED
      // when their provider calls end: during the cancel or after it.
      const n = 20;
      const { actor, blastId, refs, opening } = await seedSendingBlast(n);
      const early = refs.slice(0, 5);
      const racing = refs.slice(5, 15);
      const claims = new Map<string, "claimed">();
      const settles = new Map<string, FinalStatus>();
      // A claim takes whatever is queued first (as a batch does), so a lane may claim the other lane's
      // delivery: each lane settles what its claim took.
      const claim = async (ref: Ref): Promise<Ref[]> => {
        const ids = await claimQueued(db, ref);
        for (const id of ids) claims.set(id, "claimed");
        return ids.map((deliveryId) => ({ accountId: ref.accountId, deliveryId }));
      };
      const settle = async (ref: Ref, i: number) => {
        const status: FinalStatus = i % 3 === 0 ? "FAILED" : "SENT";
        expect(
          await settleDelivery(db, ref, { status, reason: "the email provider refused this email", providerMessageId: `msg-${i}` }),
        ).toBe(true);
        settles.set(ref.deliveryId, status);
      };
      for (const ref of early) expect(await claim(ref)).toEqual([ref]);
      // Open enough connections first, so on PostgreSQL every run below really has one of its own.
      await Promise.all(Array.from({ length: 16 }, () => raw.$queryRaw`SELECT 1`));

      const cancel = async () => {
        await cancelBlast(db, actor, blastId);
        return cancelPendingDeliveries(db, { accountId: actor.accountId, blastId });
      };
      // The racing runs go in two lanes, one delivery after another (claim, then record if claimed), so
      // their claims spread over the time the cancel takes; the cancel starts at another place each round.
      const lane = async (refsOfLane: Ref[], offset: number) => {
        for (const [i, ref] of refsOfLane.entries()) for (const claimed of await claim(ref)) await settle(claimed, offset + i);
      };
      const half = racing.length / 2;
      const lanes = [() => lane(racing.slice(0, half), 5), () => lane(racing.slice(half), 5 + half)];
      const order = round % 3 === 0 ? ["cancel", 0, 1] : round % 3 === 1 ? [0, "cancel", 1] : [0, 1, "cancel"];
      let cancelling: Promise<number> = Promise.resolve(-1);
      const started = order.map((what) => (what === "cancel" ? (cancelling = cancel()) : lanes[what as number]()));
      // Early runs: three are still waiting for the provider when the cancel is over, two finish during it.
      const slow = early.slice(0, 3);
      await Promise.all([...started, ...early.slice(3).map((ref, i) => settle(ref, i + 3))]);
      await Promise.all(slow.map((ref, i) => settle(ref, i)));
      const cancelled = await cancelling;

      const deliveries = await raw.delivery.findMany({ where: { blastId } });
      const activities = await raw.activity.findMany({ where: { blastId, type: { startsWith: "delivery." } } });
      for (const d of deliveries) {
        if (claims.get(d.id) === "claimed") {
          expect(d.status).toBe(settles.get(d.id));
        } else {
          expect(d.status).toBe("CANCELLED");
          expect(d.attempts).toBe(0); // never claimed
        }
        // One settlement each: exactly one delivery.* activity, of the status it ended in.
        expect(activities.filter((a) => a.customerId === d.customerId).map((a) => a.type)).toEqual([`delivery.${d.status.toLowerCase()}`]);
      }
      const count = (s: string) => deliveries.filter((d) => d.status === s).length;
      expect(count("SENT") + count("FAILED") + count("CANCELLED")).toBe(n);
      expect(count("CANCELLED")).toBe(cancelled);
      expect(count("CANCELLED")).toBeGreaterThanOrEqual(n - early.length - racing.length); // the runs that never claimed
      expect(count("SENT") + count("FAILED")).toBeGreaterThanOrEqual(early.length);

      const blast = await raw.blast.findUniqueOrThrow({ where: { id: blastId } });
      expect(blast).toMatchObject({
        status: "CANCELLED",
        sentCount: count("SENT"),
        failedCount: count("FAILED"),
        cancelledCount: count("CANCELLED"),
      });
      expect(blast.completedAt).not.toBeNull(); // whichever of the settler and the sends ends last closes it
      // Refunds: one per FAILED delivery (its own entry), and one entry for all the cancelled ones.
      const refunds = await raw.creditEntry.findMany({ where: { blastId, delta: { gt: 0 } } });
      expect(
        refunds
          .filter((r) => r.deliveryId !== null)
          .map((r) => r.deliveryId)
          .sort(),
      ).toEqual(
        deliveries
          .filter((d) => d.status === "FAILED")
          .map((d) => d.id)
          .sort(),
      );
      expect(refunds.reduce((sum, r) => sum + r.delta, 0)).toBe(count("FAILED") + count("CANCELLED"));
      await expectLedger(actor.accountId, opening, count("SENT"));

      // A late onFailure or a re-run settler changes nothing.
      const before = await snapshot(actor.accountId, blastId);
      for (const ref of refs) expect(await settleDelivery(db, ref, { status: "FAILED", reason: "late" })).toBe(false);
      expect(await cancelPendingDeliveries(db, { accountId: actor.accountId, blastId })).toBe(0);
      expect(await snapshot(actor.accountId, blastId)).toEqual(before);
    }
  });

  it("FAILED then CANCELLED, or CANCELLED then FAILED, refunds once", async () => {
    const { actor, blastId, refs, opening } = await seedSendingBlast(6);
    const [failedFirst, cancelledFirst, failedBeforeSettler, leftPending, raceA, raceB] = refs;

    // settleDelivery twice with the two outcomes, in both orders.
    expect(await settleDelivery(db, failedFirst, { status: "FAILED", reason: "refused" })).toBe(true);
    expect(await settleDelivery(db, failedFirst, { status: "CANCELLED", reason: "blast cancelled" })).toBe(false);
    expect(await settleDelivery(db, cancelledFirst, { status: "CANCELLED", reason: "blast cancelled" })).toBe(true);
    expect(await settleDelivery(db, cancelledFirst, { status: "FAILED", reason: "refused" })).toBe(false);
    // A delivery that failed before the cancel is not cancelled again by the settler.
    expect(await claimQueued(db, failedBeforeSettler)).toEqual([failedBeforeSettler.deliveryId]);
    expect(await settleDelivery(db, failedBeforeSettler, { status: "FAILED", reason: "refused" })).toBe(true);
    expect(
      await raw.creditEntry.count({
        where: { deliveryId: { in: [failedFirst, cancelledFirst, failedBeforeSettler].map((r) => r.deliveryId) } },
      }),
    ).toBe(3);

    // The settler and onFailure at once on the remaining three (one left PENDING, two claimed and failing).
    expect(await claimQueued(db, raceA)).toEqual([raceA.deliveryId]);
    expect(await claimQueued(db, raceB)).toEqual([raceB.deliveryId]);
    await cancelBlast(db, actor, blastId);
    const [cancelled, ...failed] = await Promise.all([
      cancelPendingDeliveries(db, { accountId: actor.accountId, blastId }),
      settleDelivery(db, raceA, { status: "FAILED", reason: "refused" }),
      settleDelivery(db, raceB, { status: "FAILED", reason: "refused" }),
      // onFailure of a run cancelled while PENDING: arrives with (or after) the settler; only one of them counts.
      settleDelivery(db, leftPending, { status: "FAILED", reason: "refused" }),
    ]);
    expect(failed.slice(0, 2)).toEqual([true, true]);
    expect(cancelled + Number(failed[2])).toBe(1);
    // Then the late one, whichever lost: nothing.
    expect(await settleDelivery(db, leftPending, { status: "FAILED", reason: "refused" })).toBe(false);
    expect(await cancelPendingDeliveries(db, { accountId: actor.accountId, blastId })).toBe(0);

    const deliveries = await raw.delivery.findMany({ where: { blastId } });
    const byStatus = (s: string) => deliveries.filter((d) => d.status === s).length;
    expect(byStatus("SENT")).toBe(0);
    expect(byStatus("FAILED") + byStatus("CANCELLED")).toBe(6);
    const blast = await raw.blast.findUniqueOrThrow({ where: { id: blastId } });
    expect(blast).toMatchObject({ status: "CANCELLED", failedCount: byStatus("FAILED"), cancelledCount: byStatus("CANCELLED") });
    // Six deliveries, none sent: six credits back, once each.
    const refunds = await raw.creditEntry.aggregate({ where: { blastId, delta: { gt: 0 } }, _sum: { delta: true } });
    expect(refunds._sum.delta).toBe(6);
    await expectLedger(actor.accountId, opening, 0);
  });
});
