import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { testDatabases } from "@/lib/testing/test-databases";
import { createAgency } from "@/lib/accounts/create-agency";
import { requestBlast } from "@/lib/blasts/request-blast";
import { startBlast } from "@/lib/blasts/start-blast";
import { cancelBlast } from "@/lib/blasts/change-blast";
import { pauseBlast } from "@/lib/blasts/pause-blast";
import type { BatchOutcome, Mailer, OutgoingEmail } from "@/lib/mail";
import { batchWorthClaiming, claimBatch } from "./claim-batch";
import { queueForProvider } from "./queue-for-provider";
import { batchIdempotencyKey, sendBatch } from "./send-batch";
import { inlineProviderDoor } from "./provider-door";
import { settleBatch, type BatchResult } from "./settle-batch";
import { settleDelivery } from "./settle-delivery";
import { describeProviderProblem, readableFailure } from "./failure-reason";

/**
 * The provider batch, straight on the database (no engine): which queued deliveries a claim takes, and
 * what one provider request — refused emails, 429s, transient trouble, replays — leaves behind for the
 * agent: each recipient's status, the blast's counters and completion, the credit ledger, the history.
 */
const compose = { appUrl: "http://localhost:3000", unsubscribeSecret: "s".repeat(32), from: "Blast <n@blast.test>" };
const message = { templateKey: "office-hours", subject: "Office hours", customMessage: "Open Monday." };
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

type Call = { emails: OutgoingEmail[]; idempotencyKey: string };

/** A Mailer that answers batch requests from a script, one answer a request, and records every request. */
function fakeMailer(...answers: BatchOutcome[]): Mailer & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    async send() {
      throw new Error("the batch path never sends single emails");
    },
    async sendBatch(emails, { idempotencyKey }) {
      calls.push({ emails: structuredClone(emails), idempotencyKey });
      const answer = answers.shift();
      if (!answer) throw new Error("the fake mailer was asked more often than scripted");
      return answer;
    },
  };
}

/** sendBatch's limits, with a pace high enough that no request here ever waits for its slot. */
const limitsOf = (maxAttempts: number) => ({ maxAttempts, requestsPerSecond: 10_000 });

/** The provider accepts every email of the request, with ids named after `prefix`. */
const allSent = (n: number, prefix: string): BatchOutcome => ({
  kind: "sent",
  results: Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}` })),
});
const transient: BatchOutcome = {
  kind: "transient",
  reason: "An unexpected error occurred.",
  code: "internal_server_error",
  statusCode: 500,
};
const rateLimited: BatchOutcome = {
  kind: "rate_limited",
  retryAfterSeconds: 1.2,
  reason: "Too many requests",
  code: "rate_limit_exceeded",
};

describe.each(testDatabases())("provider batches on $name", ({ name, create }) => {
  let db: PrismaClient;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ db, close } = await create());
  });
  afterAll(async () => close?.());
  // The provider queue is shared by every agency (as in production): each test starts with it empty.
  beforeEach(async () => {
    await db.sendQueue.deleteMany({});
  });

  async function seedAgency(credit = 100) {
    const tag = randomUUID().slice(0, 8);
    const { account, owner } = await createAgency(db, {
      name: `Agency ${tag}`,
      senderName: `Dana ${tag}`,
      senderEmail: `dana-${tag}@agency.test`,
      postalAddress: "1 Main St",
      owner: { name: "Dana", email: `owner-${tag}@agency.test`, password: "password-123" },
      credit,
    });
    return { actor: { accountId: account.id, userId: owner.id }, tag, opening: credit };
  }

  /** A blast started on `n` new customers of the agency: n PENDING deliveries (in id order), n credits reserved. */
  async function sendingBlast(agency: { actor: { accountId: string; userId: string }; tag: string }, n: number, urgent = false) {
    const { actor, tag } = agency;
    const batchTag = randomUUID().slice(0, 6);
    const emails = Array.from({ length: n }, (_, i) => `c${i}-${batchTag}-${tag}@example.com`);
    await db.customer.createMany({
      data: emails.map((email, i) => ({ accountId: actor.accountId, email, emailNormalized: email, firstName: `C${i}` })),
    });
    const customers = await db.customer.findMany({ where: { accountId: actor.accountId, email: { in: emails } } });
    const { blastId } = await requestBlast(db, actor, {
      ...message,
      selection: { mode: "ids", ids: customers.map((c) => c.id) },
      urgent,
    });
    expect(await startBlast(db, { blastId, accountId: actor.accountId })).toMatchObject({ outcome: "sending", pending: n });
    const deliveries = await db.delivery.findMany({ where: { blastId }, orderBy: { id: "asc" } });
    return { blastId, ids: deliveries.map((d) => d.id), emails: deliveries.map((d) => d.email) };
  }

  /** Queues deliveries as the per-customer worker does, each ready at its own, fixed time (no clock race). */
  async function queue(ids: string[], urgent: boolean, firstReadyAt: number) {
    for (const [i, id] of ids.entries()) {
      await queueForProvider(db, id, urgent);
      await db.sendQueue.update({ where: { deliveryId: id }, data: { readyAt: new Date(firstReadyAt + i * 1000) } });
    }
  }

  /** A batch of every queued delivery. */
  async function claimAll(batchId = `batch-${randomUUID()}`) {
    const batch = await claimBatch(db, batchId, 100);
    expect(batch).not.toBeNull();
    return batch!.batchId;
  }

  const batchOf = async (batchId: string) =>
    (await db.delivery.findMany({ where: { batchId }, select: { id: true }, orderBy: { id: "asc" } })).map((d) => d.id);
  const send = (mailer: Mailer, batchId: string, maxAttempts: number) =>
    sendBatch({ db, door: inlineProviderDoor(db, mailer), compose }, batchId, limitsOf(maxAttempts));
  const queued = async () => (await db.sendQueue.findMany({ select: { deliveryId: true } })).map((q) => q.deliveryId).sort();
  const deliveriesOf = (blastId: string) => db.delivery.findMany({ where: { blastId }, orderBy: { id: "asc" } });
  const balance = async (accountId: string) => (await db.account.findUniqueOrThrow({ where: { id: accountId } })).creditBalance;

  /** Everything a settlement may touch, for "changed nothing" comparisons. */
  async function snapshot(accountId: string, blastId: string) {
    const [blast, account, ledger, activities, deliveries, batches] = await Promise.all([
      db.blast.findUniqueOrThrow({ where: { id: blastId } }),
      db.account.findUniqueOrThrow({ where: { id: accountId }, select: { creditBalance: true } }),
      db.creditEntry.findMany({ where: { accountId }, orderBy: { id: "asc" } }),
      db.activity.findMany({ where: { accountId }, orderBy: { id: "asc" } }),
      deliveriesOf(blastId),
      db.providerBatch.findMany({ orderBy: { id: "asc" } }),
    ]);
    return { blast, balance: account.creditBalance, ledger, activities, deliveries, batches };
  }

  /** The ledger sums to the cached balance, and the balance is the opening credit minus what was sent. */
  async function expectLedger(accountId: string, opening: number, sent: number) {
    const { _sum } = await db.creditEntry.aggregate({ where: { accountId }, _sum: { delta: true } });
    expect({ balance: await balance(accountId), ledger: _sum.delta }).toEqual({ balance: opening - sent, ledger: opening - sent });
  }

  const activityTypes = async (blastId: string) =>
    Object.fromEntries(
      (await db.activity.groupBy({ by: ["type"], where: { blastId, type: { startsWith: "delivery." } }, _count: true })).map((r) => [
        r.type,
        r._count,
      ]),
    );
  const completedCount = (blastId: string) => db.activity.count({ where: { blastId, type: "blast.completed" } });
  const refundsOf = (blastId: string) => db.creditEntry.findMany({ where: { blastId, delta: { gt: 0 } } });

  describe("claiming a batch", () => {
    it("a partial batch is worth a request once its oldest recipient has waited fillMs; a full one at once", async () => {
      const agency = await seedAgency();
      // An empty queue: nothing to wait for.
      expect(await batchWorthClaiming(db, 100, 60_000)).toBeNull();
      const blast = await sendingBlast(agency, 3);
      // Just queued (now): three of a batch of 100 are not worth a request yet.
      for (const id of blast.ids) await queueForProvider(db, id, false);
      expect(await batchWorthClaiming(db, 100, 60_000)).toBeGreaterThan(50_000);
      // A full batch (3 of 3) is, whatever the age; so are recipients that have waited long enough.
      expect(await batchWorthClaiming(db, 3, 60_000)).toBe(0);
      await db.sendQueue.updateMany({ data: { readyAt: new Date(Date.now() - 120_000) } });
      expect(await batchWorthClaiming(db, 100, 60_000)).toBe(0);
      await claimAll();
    });

    it("takes urgent blasts' deliveries before older normal ones, then the oldest; respects size; the rest on the next claim", async () => {
      const agency = await seedAgency();
      // Created first (smaller delivery ids), but ready later: age in the queue decides, not creation.
      const newer = await sendingBlast(agency, 2);
      const old = await sendingBlast(agency, 3);
      const urgent = await sendingBlast(agency, 2, true);
      // Ready order: the old blast's (its last delivery first), then the newer normal one, then — last of all — the urgent one.
      const oldByAge = [...old.ids].reverse();
      await queue(oldByAge, false, T0);
      await queue(newer.ids, false, T0 + 60_000);
      await queue(urgent.ids, true, T0 + 120_000);

      expect(await claimBatch(db, "batch-first", 4)).toEqual({ batchId: "batch-first", size: 4, urgent: true });
      expect(await batchOf("batch-first")).toEqual([...urgent.ids, ...oldByAge.slice(0, 2)].sort());
      for (const d of await db.delivery.findMany({ where: { batchId: "batch-first" } })) {
        expect(d).toMatchObject({ status: "SENDING", attempts: 1 });
      }
      expect(await queued()).toEqual([oldByAge[2], ...newer.ids].sort());

      // The next claim takes the oldest first, up to its size; the one after that the rest.
      expect(await claimBatch(db, "batch-second", 2)).toEqual({ batchId: "batch-second", size: 2, urgent: false });
      expect(await batchOf("batch-second")).toEqual([oldByAge[2], newer.ids[0]].sort());
      expect(await claimBatch(db, "batch-third", 100)).toEqual({ batchId: "batch-third", size: 1, urgent: false });
      expect(await batchOf("batch-third")).toEqual([newer.ids[1]]);
      expect(await queued()).toEqual([]);
      // An empty queue makes no batch (and leaves no empty batch behind).
      expect(await claimBatch(db, "batch-empty", 100)).toBeNull();
      expect(await db.providerBatch.findUnique({ where: { id: "batch-empty" } })).toBeNull();

      // A replayed claim step (same batch id) returns the batch it made and takes nothing more, even with work queued.
      const later = await sendingBlast(agency, 2, true);
      await queue(later.ids, true, T0 + 180_000);
      expect(await claimBatch(db, "batch-first", 4)).toEqual({ batchId: "batch-first", size: 4, urgent: true });
      expect(await batchOf("batch-first")).toEqual([...urgent.ids, ...oldByAge.slice(0, 2)].sort());
      expect(await queued()).toEqual([...later.ids].sort());
      for (const d of await deliveriesOf(later.blastId)) expect(d).toMatchObject({ status: "PENDING", attempts: 0, batchId: null });
    });

    it("skips (and drops) a paused or cancelled blast's and already settled deliveries, and keeps taking until the batch is full", async () => {
      const agency = await seedAgency();
      const paused = await sendingBlast(agency, 2);
      const cancelled = await sendingBlast(agency, 2);
      const live = await sendingBlast(agency, 5);
      // Oldest first: the paused blast's, the cancelled blast's, a settled delivery, then the live ones.
      await queue(paused.ids, false, T0);
      await queue(cancelled.ids, false, T0 + 10_000);
      await queue(live.ids, false, T0 + 20_000);
      await pauseBlast(db, agency.actor, paused.blastId);
      // Cancelled, but its settler has not reached the deliveries yet: they are still PENDING and queued.
      await cancelBlast(db, agency.actor, cancelled.blastId);
      expect(
        await settleDelivery(
          db,
          { accountId: agency.actor.accountId, deliveryId: live.ids[0] },
          { status: "SKIPPED", reason: "opted out" },
        ),
      ).toBe(true);

      // Size 3: the first 3 queue rows are all unclaimable, so the claim must keep going past them.
      expect(await claimBatch(db, "batch-skips", 3)).toEqual({ batchId: "batch-skips", size: 3, urgent: false });
      expect(await batchOf("batch-skips")).toEqual(live.ids.slice(1, 4));
      // What could not be claimed left the queue (a resume queues its deliveries again); the rest still waits.
      expect(await queued()).toEqual([live.ids[4]]);
      for (const d of [...(await deliveriesOf(paused.blastId)), ...(await deliveriesOf(cancelled.blastId))]) {
        expect(d).toMatchObject({ status: "PENDING", attempts: 0, batchId: null });
      }
      expect((await db.delivery.findUniqueOrThrow({ where: { id: live.ids[0] } })).status).toBe("SKIPPED");

      // Nothing of theirs is claimed later either, even queued again while still paused / cancelled.
      await queue([...paused.ids, ...cancelled.ids, live.ids[0]], false, T0 + 30_000);
      expect(await claimBatch(db, "batch-after", 100)).toEqual({ batchId: "batch-after", size: 1, urgent: false });
      expect(await batchOf("batch-after")).toEqual([live.ids[4]]);
      expect(await queued()).toEqual([]);
    });

    it.skipIf(name === "pglite")(
      "two claims at once never take the same delivery (PostgreSQL: SKIP LOCKED, a connection each)",
      async () => {
        const agency = await seedAgency(1000);
        // Open enough connections first, so every claim below really runs on one of its own.
        await Promise.all(Array.from({ length: 8 }, () => db.$queryRaw`SELECT 1`));
        for (let round = 0; round < 5; round++) {
          const blast = await sendingBlast(agency, 60);
          await queue(blast.ids, false, T0 + round * 100_000);
          const claims = await Promise.all(Array.from({ length: 5 }, (_, i) => claimBatch(db, `race-${round}-${i}`, 15)));
          const made = claims.filter((c) => c !== null);
          const taken = await Promise.all(made.map((c) => batchOf(c.batchId)));
          made.forEach((c, i) => expect(c.size).toBe(taken[i].length));
          for (const ids of taken) expect(ids.length).toBeLessThanOrEqual(15);
          const all = taken.flat();
          expect(new Set(all).size).toBe(all.length); // disjoint
          expect(all.sort()).toEqual([...blast.ids].sort()); // together, every queued delivery
          expect(await queued()).toEqual([]);
          for (const d of await deliveriesOf(blast.blastId)) expect(d).toMatchObject({ status: "SENDING", attempts: 1 });
        }
      },
    );
  });

  describe("sending and recording a batch", () => {
    it("one email refused in a batch: only it fails and is refunded; the others are SENT with their ids; the blast completes once", async () => {
      const agency = await seedAgency(10);
      const blast = await sendingBlast(agency, 3);
      await queue(blast.ids, false, T0);
      const batchId = await claimAll();
      const mailer = fakeMailer({ kind: "sent", results: [{ id: "re_a" }, { error: "Invalid `to` field." }, { id: "re_c" }] });

      expect(await send(mailer, batchId, 3)).toEqual({ done: true, sent: 2, failed: 1 });
      // One request, the emails in delivery-id order, under the batch's key.
      expect(mailer.calls).toHaveLength(1);
      expect(mailer.calls[0].idempotencyKey).toBe(batchIdempotencyKey(batchId));
      expect(mailer.calls[0].emails.map((e) => e.to)).toEqual(blast.emails);

      const [a, b, c] = await deliveriesOf(blast.blastId);
      expect(a).toMatchObject({ status: "SENT", providerMessageId: "re_a", reason: null });
      expect(c).toMatchObject({ status: "SENT", providerMessageId: "re_c", reason: null });
      expect(b).toMatchObject({ status: "FAILED", providerMessageId: null, reason: readableFailure("Invalid `to` field.") });
      expect(a.sentAt).not.toBeNull();
      expect(b.sentAt).toBeNull();
      for (const d of [a, b, c]) expect(d.settledAt).not.toBeNull();

      const done = await db.blast.findUniqueOrThrow({ where: { id: blast.blastId } });
      expect(done).toMatchObject({ status: "COMPLETED", sentCount: 2, failedCount: 1, skippedCount: 0, cancelledCount: 0 });
      expect(done.completedAt).not.toBeNull();
      expect(await completedCount(blast.blastId)).toBe(1);
      expect(await activityTypes(blast.blastId)).toEqual({ "delivery.sent": 2, "delivery.failed": 1 });
      const sentActivity = await db.activity.findFirstOrThrow({ where: { blastId: blast.blastId, customerId: a.customerId } });
      expect(sentActivity.detail).toMatchObject({ providerMessageId: "re_a", email: a.email });
      const refunds = await refundsOf(blast.blastId);
      expect(refunds.map((r) => r.delta)).toEqual([1]);
      await expectLedger(agency.actor.accountId, agency.opening, 2);
      expect(await db.providerBatch.findUniqueOrThrow({ where: { id: batchId } })).toMatchObject({ status: "SENT", attempts: 0 });

      // Replays: the settlement again, failBatch-like input, and the send step again — nothing changes.
      const before = await snapshot(agency.actor.accountId, blast.blastId);
      const results: BatchResult[] = [
        { deliveryId: a.id, providerMessageId: "re_a" },
        { deliveryId: b.id, error: "Invalid `to` field." },
        { deliveryId: c.id, providerMessageId: "re_c" },
      ];
      expect(await settleBatch(db, batchId, results)).toEqual({ sent: 0, failed: 0 });
      expect(
        await settleBatch(
          db,
          batchId,
          results.map((r) => ({ deliveryId: r.deliveryId, error: "late" })),
        ),
      ).toEqual({ sent: 0, failed: 0 });
      expect(await send(mailer, batchId, 3)).toEqual({ done: true, sent: 0, failed: 0 });
      expect(mailer.calls).toHaveLength(1);
      expect(await snapshot(agency.actor.accountId, blast.blastId)).toEqual(before);
    });

    it("a retried request carries the same Idempotency-Key and the same emails; another batch has another key", async () => {
      const agency = await seedAgency(10);
      const blast = await sendingBlast(agency, 4);
      await queue(blast.ids.slice(0, 2), false, T0);
      const first = await claimAll("batch-key-1");
      await queue(blast.ids.slice(2), false, T0 + 1000);
      const second = await claimAll("batch-key-2");
      const mailer = fakeMailer(transient, allSent(2, "re_k1"), allSent(2, "re_k2"));

      const retry = await send(mailer, first, 5);
      expect(retry).toEqual({
        done: false,
        retry: 2,
        reason: describeProviderProblem("internal_server_error", "An unexpected error occurred."),
      });
      // Transient trouble settles nothing: the recipients are still being sent, the credit still reserved.
      for (const d of await db.delivery.findMany({ where: { batchId: first } })) expect(d.status).toBe("SENDING");
      expect(await refundsOf(blast.blastId)).toEqual([]);

      expect(await send(mailer, first, 5)).toEqual({ done: true, sent: 2, failed: 0 });
      expect(await send(mailer, second, 5)).toEqual({ done: true, sent: 2, failed: 0 });
      const [try1, try2, other] = mailer.calls;
      expect(try1.idempotencyKey).toBe(`blast-batch-${first}`);
      expect(try2.idempotencyKey).toBe(try1.idempotencyKey);
      expect(try2.emails).toEqual(try1.emails);
      expect(other.idempotencyKey).toBe(`blast-batch-${second}`);
      expect(other.idempotencyKey).not.toBe(try1.idempotencyKey);

      expect(await db.blast.findUniqueOrThrow({ where: { id: blast.blastId } })).toMatchObject({
        status: "COMPLETED",
        sentCount: 4,
        failedCount: 0,
      });
      expect(await completedCount(blast.blastId)).toBe(1);
      await expectLedger(agency.actor.accountId, agency.opening, 4);
    });

    it("a 429 answer waits (rounded up to whole seconds) and settles nothing; the next turn sends", async () => {
      const agency = await seedAgency(10);
      const blast = await sendingBlast(agency, 2);
      await queue(blast.ids, false, T0);
      const batchId = await claimAll();
      const before = await snapshot(agency.actor.accountId, blast.blastId);
      const mailer = fakeMailer(rateLimited, allSent(2, "re_w"));

      expect(await send(mailer, batchId, 1)).toEqual({ done: false, wait: 2, reason: "Too many requests" });
      // Not even an attempt: a 429 is the provider's pacing, not a failure of the batch.
      expect(await snapshot(agency.actor.accountId, blast.blastId)).toEqual(before);

      expect(await send(mailer, batchId, 1)).toEqual({ done: true, sent: 2, failed: 0 });
      expect(mailer.calls.map((c) => c.idempotencyKey)).toEqual([batchIdempotencyKey(batchId), batchIdempotencyKey(batchId)]);
      expect(await db.blast.findUniqueOrThrow({ where: { id: blast.blastId } })).toMatchObject({ status: "COMPLETED", sentCount: 2 });
    });

    it("transient answers retry until maxAttempts, then every delivery of the batch FAILED and refunded, once", async () => {
      const agency = await seedAgency(10);
      const blast = await sendingBlast(agency, 3);
      await queue(blast.ids, false, T0);
      const batchId = await claimAll();
      const mailer = fakeMailer(transient, transient, transient);
      const reason = describeProviderProblem("internal_server_error", "An unexpected error occurred.");

      expect(await send(mailer, batchId, 3)).toEqual({ done: false, retry: 2, reason });
      expect(await send(mailer, batchId, 3)).toEqual({ done: false, retry: 4, reason });
      expect(await refundsOf(blast.blastId)).toEqual([]);
      expect(await send(mailer, batchId, 3)).toEqual({ done: true, sent: 0, failed: 3 });
      expect(mailer.calls).toHaveLength(3);

      for (const d of await deliveriesOf(blast.blastId)) expect(d).toMatchObject({ status: "FAILED", reason: readableFailure(reason) });
      expect(await db.blast.findUniqueOrThrow({ where: { id: blast.blastId } })).toMatchObject({
        status: "COMPLETED",
        sentCount: 0,
        failedCount: 3,
      });
      expect(await completedCount(blast.blastId)).toBe(1);
      expect(await activityTypes(blast.blastId)).toEqual({ "delivery.failed": 3 });
      expect((await refundsOf(blast.blastId)).map((r) => r.delta)).toEqual([3]);
      await expectLedger(agency.actor.accountId, agency.opening, 0);
      expect(await db.providerBatch.findUniqueOrThrow({ where: { id: batchId } })).toMatchObject({
        status: "FAILED",
        attempts: 3,
        lastError: reason,
      });

      // A late turn of the failed batch sends nothing and changes nothing.
      const before = await snapshot(agency.actor.accountId, blast.blastId);
      expect(await send(mailer, batchId, 3)).toEqual({ done: true, sent: 0, failed: 0 });
      expect(mailer.calls).toHaveLength(3);
      expect(await snapshot(agency.actor.accountId, blast.blastId)).toEqual(before);
    });

    it("a request the provider refuses as a whole fails every email of the batch at once, refunded in one entry", async () => {
      const agency = await seedAgency(10);
      const blast = await sendingBlast(agency, 2);
      await queue(blast.ids, false, T0);
      const batchId = await claimAll();
      const mailer = fakeMailer({ kind: "permanent", reason: "The `from` field is invalid.", code: "validation_error", statusCode: 422 });

      expect(await send(mailer, batchId, 5)).toEqual({ done: true, sent: 0, failed: 2 });
      const reason = "the email provider refused this email (The `from` field is invalid; validation_error)";
      for (const d of await deliveriesOf(blast.blastId)) expect(d).toMatchObject({ status: "FAILED", reason });
      expect(await db.blast.findUniqueOrThrow({ where: { id: blast.blastId } })).toMatchObject({ status: "COMPLETED", failedCount: 2 });
      expect((await refundsOf(blast.blastId)).map((r) => r.delta)).toEqual([2]);
      await expectLedger(agency.actor.accountId, agency.opening, 0);
    });

    it("a batch spanning two agencies' blasts settles each blast's counters and refunds each agency its own", async () => {
      const one = await seedAgency(10);
      const two = await seedAgency(20);
      const blastOne = await sendingBlast(one, 2);
      const blastTwo = await sendingBlast(two, 3);
      await queue(blastOne.ids, false, T0);
      await queue(blastTwo.ids, false, T0 + 1000);
      const batchId = await claimAll();
      const ids = await batchOf(batchId);
      expect(ids).toEqual([...blastOne.ids, ...blastTwo.ids].sort());

      // Refuse one email of agency one's blast and two of agency two's (the request goes in delivery-id order).
      const refused = new Set([blastOne.ids[1], blastTwo.ids[0], blastTwo.ids[2]]);
      const mailer = fakeMailer({
        kind: "sent",
        results: ids.map((id) => (refused.has(id) ? { error: "Invalid `to` field." } : { id: `re_${id}` })),
      });
      expect(await send(mailer, batchId, 3)).toEqual({ done: true, sent: 2, failed: 3 });
      // Each email was composed for its own agency.
      const byTo = new Map(mailer.calls[0].emails.map((e) => [e.to, e]));
      for (const to of blastOne.emails) expect(byTo.get(to)?.from).toContain(`Dana ${one.tag}`);
      for (const to of blastTwo.emails) expect(byTo.get(to)?.from).toContain(`Dana ${two.tag}`);

      expect(await db.blast.findUniqueOrThrow({ where: { id: blastOne.blastId } })).toMatchObject({
        status: "COMPLETED",
        sentCount: 1,
        failedCount: 1,
      });
      expect(await db.blast.findUniqueOrThrow({ where: { id: blastTwo.blastId } })).toMatchObject({
        status: "COMPLETED",
        sentCount: 1,
        failedCount: 2,
      });
      expect((await refundsOf(blastOne.blastId)).map((r) => [r.accountId, r.delta])).toEqual([[one.actor.accountId, 1]]);
      expect((await refundsOf(blastTwo.blastId)).map((r) => [r.accountId, r.delta])).toEqual([[two.actor.accountId, 2]]);
      await expectLedger(one.actor.accountId, one.opening, 1);
      await expectLedger(two.actor.accountId, two.opening, 1);
      expect(await activityTypes(blastOne.blastId)).toEqual({ "delivery.sent": 1, "delivery.failed": 1 });
      expect(await activityTypes(blastTwo.blastId)).toEqual({ "delivery.sent": 1, "delivery.failed": 2 });
      expect(await db.activity.count({ where: { accountId: one.actor.accountId, blastId: blastTwo.blastId } })).toBe(0);
      expect(await db.activity.count({ where: { accountId: two.actor.accountId, blastId: blastOne.blastId } })).toBe(0);
      for (const d of await db.delivery.findMany({ where: { id: { in: ids } } })) {
        expect(d).toMatchObject(
          refused.has(d.id) ? { status: "FAILED", providerMessageId: null } : { status: "SENT", providerMessageId: `re_${d.id}` },
        );
      }
    });
  });
});
