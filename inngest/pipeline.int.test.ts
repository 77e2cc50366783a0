import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "@/scripts/lib/pipeline-stack";

type Seeded = { accountId: string; userId: string; customers: number };
type State = {
  blast: { status: string; failureReason: string | null; recipientCount: number; sentCount: number; skippedCount: number; failedCount: number; cancelledCount: number };
  deliveries: Record<string, number>;
  sentEmails: string[];
  creditBalance: number;
  ledgerSum: number;
  activities: Record<string, number>;
};

/** Every eligible customer got exactly one email, and nobody else got any. */
async function expectExactlyOnce(stack: Stack, state: State, eligible: number) {
  const counts = await stack.sinkCounts();
  const sentTo = new Set(state.sentEmails);
  expect(state.sentEmails.length).toBe(eligible);
  for (const email of sentTo) expect(counts.byRecipient[email], email).toBe(1);
  const strays = Object.keys(counts.byRecipient).filter((to) => !sentTo.has(to));
  expect(strays).toEqual([]);
}

describe("the blast pipeline, through the worker's serve route, local/inngest and local/resend", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ workerEnv: { SEND_RETRIES: "3", SEND_CONCURRENCY_PER_ACCOUNT: "8", PROVIDER_RATE_PER_SECOND: "200", SEND_THROTTLE_PER_ACCOUNT_PER_MINUTE: "60000" } });
  }, 180_000);
  afterAll(() => stack?.stop());

  it("sends every eligible customer exactly one email and skips the ineligible with their reasons", async () => {
    const agency = await stack.hook<Seeded>("seed", { customers: 40, inactive: 2, optedOut: 3, invalid: 2, credit: 100 });
    const { blastId } = await stack.hook<{ blastId: string }>("blast", agency);
    expect(await stack.waitIdle()).toBe(true);
    const state = await stack.hook<State>("state", { blastId });
    expect(state.blast).toMatchObject({ status: "COMPLETED", recipientCount: 45, sentCount: 40, skippedCount: 5, failedCount: 0 });
    expect(state.deliveries).toEqual({ SENT: 40, SKIPPED: 5 });
    await expectExactlyOnce(stack, state, 40);
    expect(state.creditBalance).toBe(60);
    expect(state.ledgerSum).toBe(state.creditBalance);
    expect(state.activities).toMatchObject({ "delivery.sent": 40, "delivery.skipped": 5, "blast.completed": 1 });
  });
});
