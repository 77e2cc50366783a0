import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "@/scripts/lib/pipeline-stack";

type Seeded = { accountId: string; userId: string; customers: number; tag: string };
type State = {
  blast: {
    status: string;
    failureReason: string | null;
    recipientCount: number;
    sentCount: number;
    skippedCount: number;
    failedCount: number;
    cancelledCount: number;
  };
  deliveries: Record<string, number>;
  sentEmails: string[];
  creditBalance: number;
  ledgerSum: number;
  activities: Record<string, number>;
};

/** Every eligible customer got exactly one email, and nobody else got any. */
async function expectExactlyOnce(stack: Stack, agency: Seeded, state: State, eligible: number) {
  const counts = await stack.sinkCounts();
  const sentTo = new Set(state.sentEmails);
  expect(state.sentEmails.length).toBe(eligible);
  for (const email of sentTo) expect(counts.byRecipient[email], email).toBe(1);
  // Addresses of this agency (seeded with its tag) that received mail without a SENT delivery: none.
  const strays = Object.keys(counts.byRecipient).filter((to) => to.includes(`-${agency.tag}@`) && !sentTo.has(to));
  expect(strays).toEqual([]);
}

/**
 * Small batches, so a blast of 100 is many provider requests and the gate can hold it mid-way: at most
 * PROVIDER_CONCURRENCY requests of PROVIDER_BATCH_SIZE emails are claimed and in flight at once.
 */
const PROVIDER_BATCH_SIZE = 10;
const PROVIDER_CONCURRENCY = 4;
/** The most emails sent once the provider has answered `answered` requests and holds the rest. */
const atMostSent = (answered: number) => (answered + PROVIDER_CONCURRENCY) * PROVIDER_BATCH_SIZE;

const databases = [{ name: "PGlite", postgresAdminUrl: undefined as string | undefined }];
if (process.env.TEST_DATABASE_URL) databases.push({ name: "PostgreSQL", postgresAdminUrl: process.env.TEST_DATABASE_URL });

describe.each(databases)(
  "the blast pipeline on $name, through the worker's serve route, local/inngest and local/resend",
  ({ postgresAdminUrl }) => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack({
        postgresAdminUrl,
        webhooks: true,
        workerEnv: {
          SEND_RETRIES: "3",
          SEND_CONCURRENCY_PER_ACCOUNT: "8",
          PROVIDER_REQUESTS_PER_SECOND: "200",
          PROVIDER_BATCH_SIZE: String(PROVIDER_BATCH_SIZE),
          PROVIDER_CONCURRENCY: String(PROVIDER_CONCURRENCY),
          SEND_THROTTLE_PER_ACCOUNT_PER_MINUTE: "60000",
          // A request the sink holds (holdAfter) must stay in flight until the test opens the gate: the bounds
          // below (atMostSent, "a held request cannot finish") count on its turn keeping its concurrency slot.
          // At the mailer's default 30 s time-out, a slow machine (the cancel or pause landing 30 s+ after the
          // gate closed) let the held requests time out: a transient answer, retried under the same
          // Idempotency-Key (still exactly once), but each turn then gave up its slot and another claimed a
          // batch — 128 sent where the bound is 90. Held for longer than any test waits, they cannot.
          RESEND_TIMEOUT_MS: "600000",
        },
      });
    }, 180_000);
    afterAll(() => stack?.stop());
    // A test that fails while the provider's gate is closed must not hold the next one's sends.
    afterEach(() => stack?.setFaults({ holdAfter: -1 }));

    it("runs signed, as npm start does: the worker refuses a call the engine did not sign", async () => {
      const body = JSON.stringify({
        event: { name: "blast/requested", data: {} },
        events: [],
        steps: {},
        ctx: { run_id: "x", attempt: 0 },
      });
      const unsigned = await fetch(`${stack.urls.worker}/api/inngest?fnId=blast-blast-customer-list-sender&stepId=step`, {
        method: "POST",
        body,
        headers: { "content-type": "application/json" },
      });
      expect(unsigned.status).toBe(401);
      const introspection = await (await fetch(`${stack.urls.worker}/api/inngest`)).json();
      // An unsigned introspection learns nothing about the app (in dev mode it would read "mode":"dev").
      expect(introspection).not.toHaveProperty("mode");
    });

    it("sends every eligible customer exactly one email and skips the ineligible with their reasons", async () => {
      const agency = await stack.hook<Seeded>("seed", { customers: 40, inactive: 2, optedOut: 3, invalid: 2, credit: 100 });
      const { blastId } = await stack.hook<{ blastId: string }>("blast", agency);
      expect(await stack.waitIdle()).toBe(true);
      const state = await stack.hook<State>("state", { blastId });
      expect(state.blast).toMatchObject({ status: "COMPLETED", recipientCount: 45, sentCount: 40, skippedCount: 5, failedCount: 0 });
      expect(state.deliveries).toEqual({ SENT: 40, SKIPPED: 5 });
      await expectExactlyOnce(stack, agency, state, 40);
      expect(state.creditBalance).toBe(60);
      expect(state.ledgerSum).toBe(state.creditBalance);
      expect(state.activities).toMatchObject({ "delivery.sent": 40, "delivery.skipped": 5, "blast.completed": 1 });
    });

    it("the provider's webhooks reach the worker processes: every sent email shows delivered", async () => {
      const agency = await stack.hook<Seeded>("seed", { customers: 12, credit: 100 });
      const { blastId } = await stack.hook<{ blastId: string }>("blast", agency);
      expect(await stack.waitIdle()).toBe(true);
      // Outcomes arrive after the send, as Resend's do: "delivered" a moment later (the sink's delay).
      await stack.until(
        "every email reported delivered",
        async () => (await stack.hook<State & { blast: { deliveredCount: number } }>("state", { blastId })).blast.deliveredCount === 12,
      );
      const state = await stack.hook<State>("state", { blastId });
      expect(state.blast).toMatchObject({ status: "COMPLETED", sentCount: 12 });
      // An event that arrives before its send is recorded is answered 409 and comes again on Svix's
      // schedule (5 s), as Resend's do: wait for the sink to have none left to deliver, then none failed.
      type Webhooks = { counts: { delivered: number; pending: number; sending: number; failed: number } };
      const webhooks = async () => ((await (await fetch(`${stack.urls.sink}/_sink/webhooks`)).json()) as Webhooks).counts;
      await stack.until("every webhook delivered to the worker", async () => {
        const c = await webhooks();
        return c.pending === 0 && c.sending === 0;
      });
      const counts = await webhooks();
      expect(counts.failed).toBe(0);
      expect(counts.delivered).toBeGreaterThanOrEqual(24); // "sent" and "delivered" of each email
    });

    it("still sends exactly once while the provider fails 20 % of sends and rate-limits", async () => {
      // Random 500s, but never more for one request than the sender retries (SEND_RETRIES = 3): the provider's
      // trouble passes, so every email must go out — what fails for good is another test's matter.
      await stack.setFaults({ errorRate: 0.2, errorsPerKey: 3, rateLimitPerSecond: 15 });
      try {
        const agency = await stack.hook<Seeded>("seed", { customers: 60, credit: 100 });
        const { blastId } = await stack.hook<{ blastId: string }>("blast", agency);
        expect(await stack.waitIdle(240_000)).toBe(true);
        const state = await stack.hook<State>("state", { blastId });
        const failures = await stack.hook<unknown[]>("failures", { blastId });
        expect(state.blast, JSON.stringify(failures)).toMatchObject({ status: "COMPLETED", sentCount: 60, failedCount: 0 });
        await expectExactlyOnce(stack, agency, state, 60);
      } finally {
        await stack.setFaults({ errorRate: 0, errorsPerKey: -1, rateLimitPerSecond: 0 });
      }
    });

    it("a duplicated request or customer event sends nothing twice", async () => {
      const agency = await stack.hook<Seeded>("seed", { customers: 20, credit: 100 });
      const { blastId } = await stack.hook<{ blastId: string }>("blast", agency);
      expect(await stack.waitIdle()).toBe(true);
      // The same events again (deduplicated by id), and again under new ids (stopped by the delivery check).
      await stack.hook("duplicate", { blastId });
      await stack.hook("duplicate", { blastId, freshIds: true });
      expect(await stack.waitIdle()).toBe(true);
      const state = await stack.hook<State>("state", { blastId });
      expect(state.blast).toMatchObject({ status: "COMPLETED", sentCount: 20 });
      await expectExactlyOnce(stack, agency, state, 20);
      expect(state.creditBalance).toBe(80);
    });

    it("retrying a blast sends only to its failed recipients", async () => {
      const agency = await stack.hook<Seeded>("seed", { customers: 20, credit: 100 });
      await stack.setFaults({ errorRate: 1 });
      const { blastId } = await stack.hook<{ blastId: string }>("blast", agency);
      // Every send fails until some deliveries have FAILED for good (retries spent): a state, not a time.
      await stack.until("three deliveries failed", async () => (await stack.hook<State>("state", { blastId })).blast.failedCount >= 3);
      await stack.setFaults({ errorRate: 0 });
      expect(await stack.waitIdle(240_000)).toBe(true);
      await stack.setFaults({ errorRate: 0 });
      const first = await stack.hook<State>("state", { blastId });
      expect(first.blast.status).toBe("COMPLETED");
      expect(first.blast.failedCount).toBeGreaterThan(0);
      expect(first.blast.sentCount + first.blast.failedCount).toBe(20);
      expect(first.creditBalance).toBe(100 - first.blast.sentCount); // failed ones refunded
      const countsBefore = await stack.sinkCounts();

      await stack.hook("retry", { ...agency, blastId });
      expect(await stack.waitIdle(240_000)).toBe(true);
      const after = await stack.hook<State>("state", { blastId });
      expect(after.blast).toMatchObject({ status: "COMPLETED", sentCount: 20, failedCount: 0 });
      await expectExactlyOnce(stack, agency, after, 20);
      for (const email of first.sentEmails) expect((await stack.sinkCounts()).byRecipient[email]).toBe(countsBefore.byRecipient[email]);
      expect(after.creditBalance).toBe(80);
    });

    it("cancelling while sending stops the rest, refunded: nothing is claimed after the cancel", async () => {
      const agency = await stack.hook<Seeded>("seed", { customers: 200, credit: 300 });
      // The provider answers 5 requests, then holds the rest unanswered: the cancel lands at a known point.
      await stack.setFaults({ holdAfter: 5 });
      try {
        const { blastId } = await stack.hook<{ blastId: string }>("blast", agency);
        await stack.until("the provider holding sends", async () => (await stack.sinkCounts()).held > 0);
        await stack.hook("cancel", { ...agency, blastId });
        await stack.setFaults({ holdAfter: -1 });
        expect(await stack.waitIdle()).toBe(true);
        const state = await stack.hook<State>("state", { blastId });
        expect(state.blast.status).toBe("CANCELLED");
        // Sent: the 5 answered requests plus the batches already claimed and at the provider when the
        // cancel landed (at most PROVIDER_CONCURRENCY in flight); every later claim saw the cancel.
        expect(state.blast.sentCount).toBeGreaterThanOrEqual(5);
        expect(state.blast.sentCount).toBeLessThanOrEqual(atMostSent(5));
        expect(state.blast.sentCount + state.blast.cancelledCount).toBe(200);
        expect(state.deliveries.PENDING ?? 0).toBe(0);
        expect(state.deliveries.SENDING ?? 0).toBe(0);
        await expectExactlyOnce(stack, agency, state, state.blast.sentCount);
        expect(state.creditBalance).toBe(300 - state.blast.sentCount);
      } finally {
        await stack.setFaults({ holdAfter: -1 });
      }
    });

    it("pausing mid-send claims nothing more; after a crash while paused, resume sends exactly the rest, once", async () => {
      const agency = await stack.hook<Seeded>("seed", { customers: 100, credit: 150 });
      await stack.setFaults({ holdAfter: 5 });
      try {
        const { blastId } = await stack.hook<{ blastId: string }>("blast", agency);
        await stack.until("the provider holding sends", async () => (await stack.sinkCounts()).held > 0);
        await stack.hook("pause", { ...agency, blastId });
        await stack.setFaults({ holdAfter: -1 });
        expect(await stack.waitIdle()).toBe(true);
        const paused = await stack.hook<State>("state", { blastId });
        expect(paused.blast.status).toBe("PAUSED");
        expect(paused.blast.sentCount).toBeGreaterThanOrEqual(5);
        expect(paused.blast.sentCount).toBeLessThanOrEqual(atMostSent(5));
        expect(paused.deliveries).toEqual({ SENT: paused.blast.sentCount, PENDING: 100 - paused.blast.sentCount });
        await expectExactlyOnce(stack, agency, paused, paused.blast.sentCount);
        // Credit of the unsent stays reserved while paused.
        expect(paused.creditBalance).toBe(50);

        await stack.crashAndRestart();
        await stack.hook("resume", { ...agency, blastId });
        expect(await stack.waitIdle()).toBe(true);
        const done = await stack.hook<State>("state", { blastId });
        expect(done.blast).toMatchObject({ status: "COMPLETED", sentCount: 100, failedCount: 0, cancelledCount: 0 });
        await expectExactlyOnce(stack, agency, done, 100);
        expect(done.creditBalance).toBe(50);
        expect(done.activities).toMatchObject({ "blast.paused": 1, "blast.resumed": 1, "blast.completed": 1 });
      } finally {
        await stack.setFaults({ holdAfter: -1 });
      }
    });

    it("an urgent blast requested while a big one is queued goes out first: its recipients are claimed before any normal one", async () => {
      const normal = await stack.hook<Seeded>("seed", { customers: 150, credit: 200 });
      const disaster = await stack.hook<Seeded>("seed", { customers: 20, credit: 50 });
      // The provider answers 2 requests of the normal blast, then holds the rest: its backlog is queued.
      await stack.setFaults({ holdAfter: 2 });
      try {
        const big = await stack.hook<{ blastId: string }>("blast", normal);
        await stack.until("the provider holding sends", async () => (await stack.sinkCounts()).held > 0);
        const claimedOf = (s: State) => (s.deliveries.SENDING ?? 0) + (s.deliveries.SENT ?? 0);
        // Every normal recipient waits in the queue, older than any urgent one: oldest-first would take them all.
        await stack.until("the normal recipients checked and queued", async () => {
          const state = await stack.hook<State & { queued: number }>("state", { blastId: big.blastId });
          return state.queued + claimedOf(state) === 150;
        });
        const urgent = await stack.hook<{ blastId: string }>("blast", { ...disaster, input: { urgent: true } });
        await stack.until("the urgent recipients checked and queued", async () => {
          // Queued, or already claimed into a batch by a turn that ran meanwhile.
          const state = await stack.hook<State & { queued: number }>("state", { blastId: urgent.blastId });
          return state.queued + claimedOf(state) === 20;
        });
        // Answer the requests held now and hold every later one: the provider stops again at a known point,
        // where the claims made since can be counted (a held request cannot finish, so its turn claims no more).
        await stack.setFaults({ holdAfter: (await stack.sinkCounts()).held });
        await stack.until("every urgent recipient claimed", async () => {
          if (claimedOf(await stack.hook<State>("state", { blastId: urgent.blastId })) === 20) return true;
          // A normal turn that was on its way when the gate closed again may fill the last free slot: let the
          // oldest held request through, so a turn is free to claim (and takes the urgent recipients first).
          if ((await stack.sinkCounts()).held >= PROVIDER_CONCURRENCY) await stack.setFaults({ holdAfter: 1 });
          return false;
        });
        const normalClaimed = claimedOf(await stack.hook<State>("state", { blastId: big.blastId }));
        // Claimed by then: the 2 answered requests, the turns in flight when the urgent recipients were queued
        // (at most PROVIDER_CONCURRENCY, one batch each), and the turns claiming beside the last urgent batch
        // (at most PROVIDER_CONCURRENCY - 1): every other claim took the urgent recipients first. Without that
        // order all 150 would be claimed before any urgent one.
        expect(normalClaimed).toBeLessThanOrEqual(atMostSent(2) + (PROVIDER_CONCURRENCY - 1) * PROVIDER_BATCH_SIZE);
        await stack.setFaults({ holdAfter: -1 });
        expect(await stack.waitIdle()).toBe(true);

        const u = await stack.hook<State>("state", { blastId: urgent.blastId });
        expect(u.blast).toMatchObject({ status: "COMPLETED", sentCount: 20 });
        const b = await stack.hook<State>("state", { blastId: big.blastId });
        expect(b.blast).toMatchObject({ status: "COMPLETED", sentCount: 150 });
        await expectExactlyOnce(stack, disaster, u, 20);
        await expectExactlyOnce(stack, normal, b, 150);
      } finally {
        await stack.setFaults({ holdAfter: -1 });
      }
    });

    it("a scheduled blast waits for its time; a cancelled scheduled blast never sends", async () => {
      const agency = await stack.hook<Seeded>("seed", { customers: 5, credit: 100 });
      const at = new Date(Date.now() + 4_000).toISOString();
      const { blastId } = await stack.hook<{ blastId: string }>("blast", { ...agency, input: { scheduledAt: at } });
      const cancelled = await stack.hook<{ blastId: string }>("blast", { ...agency, input: { scheduledAt: at } });
      await stack.hook("cancel", { ...agency, blastId: cancelled.blastId });
      const before = await stack.hook<State>("state", { blastId });
      expect(before.blast.status).toBe("SCHEDULED");
      expect(before.sentEmails).toEqual([]);
      expect(await stack.waitIdle()).toBe(true);
      const after = await stack.hook<State>("state", { blastId });
      expect(after.blast).toMatchObject({ status: "COMPLETED", sentCount: 5 });
      await expectExactlyOnce(stack, agency, after, 5);
      const never = await stack.hook<State>("state", { blastId: cancelled.blastId });
      expect(never.blast.status).toBe("CANCELLED");
      expect(never.blast.recipientCount).toBe(0);
      expect(never.creditBalance).toBe(95);
    });

    it("ends FAILED with a clear reason, nothing sent and no credit taken, when credit is short or the sender was deactivated", async () => {
      const poor = await stack.hook<Seeded>("seed", { customers: 10, credit: 9 });
      const short = await stack.hook<{ blastId: string }>("blast", poor);
      const gone = await stack.hook<Seeded>("seed", { customers: 3, credit: 10 });
      const scheduled = await stack.hook<{ blastId: string }>("blast", {
        ...gone,
        input: { scheduledAt: new Date(Date.now() + 2_000).toISOString() },
      });
      await stack.hook("deactivate", gone);
      expect(await stack.waitIdle()).toBe(true);
      const a = await stack.hook<State>("state", { blastId: short.blastId });
      expect(a.blast).toMatchObject({ status: "FAILED", failureReason: "not enough credit: 10 needed, 9 available", recipientCount: 0 });
      expect(a.creditBalance).toBe(9);
      const b = await stack.hook<State>("state", { blastId: scheduled.blastId });
      expect(b.blast).toMatchObject({ status: "FAILED", failureReason: "sender deactivated" });
      expect(b.sentEmails).toEqual([]);
      expect(b.creditBalance).toBe(10);
    });

    it("after the worker and the engine are killed mid-blast and started again, every eligible customer gets exactly one", async () => {
      const agency = await stack.hook<Seeded>("seed", { customers: 120, credit: 200 });
      // The provider answers 3 requests, then holds the rest: the crash lands mid-blast, with requests the
      // provider has received but not answered (it accepts them once the gate opens, after the crash).
      await stack.setFaults({ holdAfter: 3 });
      const before = (await stack.sinkCounts()).total;
      const { blastId } = await stack.hook<{ blastId: string }>("blast", agency);
      await stack.until("the provider holding sends", async () => (await stack.sinkCounts()).held > 0);
      const atCrash = (await stack.sinkCounts()).total - before;
      await stack.crashAndRestart();
      await stack.setFaults({ holdAfter: -1 });
      expect(await stack.waitIdle(240_000)).toBe(true);
      const state = await stack.hook<State>("state", { blastId });
      expect(state.blast).toMatchObject({ status: "COMPLETED", sentCount: 120, failedCount: 0 });
      expect(atCrash).toBeLessThan(120); // the crash really came mid-blast
      await expectExactlyOnce(stack, agency, state, 120);
      expect(state.creditBalance).toBe(80);
    });
  },
);
