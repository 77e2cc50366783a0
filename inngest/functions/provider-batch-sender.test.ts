import { runOnFailure as runAsFailure } from "@/inngest/testing/run-on-failure";
import { InngestTestEngine, mockCtx } from "@inngest/test";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { inngest } from "@/inngest/client";
import { sendingLimits } from "@/lib/sending-limits";

/**
 * provider-batch-sender, one turn at a time on @inngest/test's engine: claim the next batch (under the
 * run id) → send it; a 429 or transient trouble waits, then asks for a new turn of the same batch; a turn
 * that names its batch only sends; onFailure gives the batch a rescue turn. No database: runtime() and
 * the lib steps are mocked (the claim and the send have their own integration tests).
 */
const db = { fake: "db" };
const door = vi.fn();
const compose = { appUrl: "http://localhost:3000", unsubscribeSecret: "s".repeat(32), from: "Blast <n@blast.test>" };
const limits = sendingLimits();

vi.mock("@/inngest/runtime", () => ({ runtime: vi.fn(async () => ({ db, door, compose })) }));
vi.mock("@/lib/deliveries/claim-batch", () => ({ claimBatch: vi.fn(), claimedBatch: vi.fn(), batchWorthClaiming: vi.fn() }));
vi.mock("@/lib/deliveries/provider-pace", () => ({
  reserveProviderSlot: vi.fn(),
  releaseProviderSlot: vi.fn(),
  prismaPaceDb: vi.fn((prisma: unknown) => prisma),
}));
vi.mock("@/lib/deliveries/send-batch", () => ({ sendBatch: vi.fn() }));

const { providerBatchSender } = await import("./provider-batch-sender");
const { claimBatch, claimedBatch, batchWorthClaiming } = await import("@/lib/deliveries/claim-batch");
const { reserveProviderSlot, releaseProviderSlot } = await import("@/lib/deliveries/provider-pace");
const { sendBatch } = await import("@/lib/deliveries/send-batch");

type TurnData = { urgent: boolean; batchId?: string; attempt?: number };
const turn = (data: TurnData) => ({ name: "provider/batch.requested", data });

/** The run's id. The test engine draws a new one for every execution of a run; Inngest keeps one per run. */
const RUN_ID = "01RUNCLAIMING";
const withRunId = (ctx: Parameters<typeof mockCtx>[0]) => ({ ...mockCtx(ctx), runId: RUN_ID });

/**
 * A fresh engine per run (clones share the step cache). The back-off sleep and the "again" event are
 * mocked by step id, so a run that waits goes on at once (no clock involved).
 */
function run(data: TurnData) {
  const event = turn(data);
  return new InngestTestEngine({ function: providerBatchSender, events: [event] as [typeof event], transformCtx: withRunId }).execute({
    steps: [
      { id: "back-off", handler: () => null },
      { id: "again", handler: () => ({ ids: ["evt_again"] }) },
    ],
  });
}

/** The function run as its onFailure handler, as the engine calls it once the run has failed for good. */
const runOnFailure = (data: TurnData, runId = "01RUN") =>
  runAsFailure(providerBatchSender, {
    functionId: "blast-provider-batch-sender",
    runId,
    error: { name: "Error", message: "Connection terminated unexpectedly" },
    event: turn(data),
  });

/** The attempts sendBatch was allowed, whether its limits are a number or `{ maxAttempts, … }`. */
function maxAttemptsOf(call: unknown[]): number {
  const given = call[2] as number | { maxAttempts: number };
  return typeof given === "number" ? given : given.maxAttempts;
}

const sendSpy = vi.spyOn(inngest, "send");

beforeEach(() => {
  vi.clearAllMocks();
  vi.mocked(claimBatch).mockImplementation(async (_db, batchId) => ({ batchId, size: 3, urgent: false }));
  vi.mocked(claimedBatch).mockResolvedValue(null);
  vi.mocked(batchWorthClaiming).mockResolvedValue(0);
  vi.mocked(reserveProviderSlot).mockResolvedValue({ waitMs: 0, stamp: 1_700_000_000_000 });
  vi.mocked(sendBatch).mockResolvedValue({ done: true, sent: 3, failed: 0 });
  sendSpy.mockResolvedValue({ ids: ["evt_rescue"] });
});

describe("provider-batch-sender", () => {
  it("a fresh turn takes its slot at the pacing gate, then claims the next batch under its run id and sends it once in that slot", async () => {
    const { result, error, ctx } = await run({ urgent: false });
    expect(error).toBeUndefined();
    const runId = RUN_ID;
    expect(batchWorthClaiming).toHaveBeenCalledWith(db, limits.PROVIDER_BATCH_SIZE, 1000);
    expect(reserveProviderSlot).toHaveBeenCalledWith(db, limits.PROVIDER_REQUESTS_PER_SECOND);
    expect(vi.mocked(reserveProviderSlot).mock.invocationCallOrder[0]).toBeLessThan(vi.mocked(claimBatch).mock.invocationCallOrder[0]);
    expect(claimBatch).toHaveBeenCalledTimes(1);
    expect(claimBatch).toHaveBeenCalledWith(db, runId, limits.PROVIDER_BATCH_SIZE);
    expect(sendBatch).toHaveBeenCalledTimes(1);
    expect(vi.mocked(sendBatch).mock.calls[0].slice(0, 2)).toEqual([{ db, door, compose }, runId]);
    // The booking it made is the one its request leaves with: no second booking.
    expect(vi.mocked(sendBatch).mock.calls[0][3]).toBe(1_700_000_000_000);
    expect(releaseProviderSlot).not.toHaveBeenCalled();
    expect(maxAttemptsOf(vi.mocked(sendBatch).mock.calls[0])).toBe(limits.SEND_RETRIES + 1);
    expect(result).toEqual({ batchId: runId, done: true, sent: 3, failed: 0 });
    expect(ctx.step.sleep).not.toHaveBeenCalled();
    expect(ctx.step.sendEvent).not.toHaveBeenCalled();
  });

  it("a turn whose claim finds the queue already taken gives its booking back and sends nothing", async () => {
    vi.mocked(claimBatch).mockResolvedValue(null);
    const { result, error } = await run({ urgent: false });
    expect(error).toBeUndefined();
    expect(result).toEqual({ batchId: null });
    expect(releaseProviderSlot).toHaveBeenCalledWith(db, 1_700_000_000_000);
    expect(sendBatch).not.toHaveBeenCalled();
  });

  it("a partial batch waits until it is worth a request, then takes its slot and claims", async () => {
    vi.mocked(batchWorthClaiming).mockResolvedValueOnce(5).mockResolvedValueOnce(0);
    const { result, error } = await run({ urgent: false });
    expect(error).toBeUndefined();
    expect(batchWorthClaiming).toHaveBeenCalledTimes(2);
    expect(claimBatch).toHaveBeenCalledTimes(1);
    expect(result).toMatchObject({ batchId: RUN_ID, done: true });
  });

  it("a replayed step finds the batch it claimed: no new slot, no new claim; the request takes a slot of its own", async () => {
    vi.mocked(claimedBatch).mockResolvedValue({ batchId: RUN_ID, size: 3, urgent: false });
    const { result } = await run({ urgent: false });
    expect(reserveProviderSlot).not.toHaveBeenCalled();
    expect(claimBatch).not.toHaveBeenCalled();
    expect(vi.mocked(sendBatch).mock.calls[0][3]).toBeNull();
    expect(result).toMatchObject({ batchId: RUN_ID, done: true });
  });

  it("nothing queued: the turn ends without a slot or a request to the provider", async () => {
    vi.mocked(batchWorthClaiming).mockResolvedValue(null);
    const { result, error, ctx } = await run({ urgent: true });
    expect(error).toBeUndefined();
    expect(result).toEqual({ batchId: null });
    expect(reserveProviderSlot).not.toHaveBeenCalled();
    expect(claimBatch).not.toHaveBeenCalled();
    expect(sendBatch).not.toHaveBeenCalled();
    expect(ctx.step.sleep).not.toHaveBeenCalled();
    expect(ctx.step.sendEvent).not.toHaveBeenCalled();
  });

  it("a 429: the run waits as asked, then asks for a new turn of the same batch, one attempt further", async () => {
    vi.mocked(sendBatch).mockResolvedValue({ done: false, wait: 2, reason: "Too many requests" });
    const { result, error, ctx } = await run({ urgent: true });
    expect(error).toBeUndefined();
    const batchId = RUN_ID;
    expect(ctx.step.sleep).toHaveBeenCalledWith("back-off", "2s");
    expect(ctx.step.sendEvent).toHaveBeenCalledTimes(1);
    expect(ctx.step.sendEvent).toHaveBeenCalledWith("again", {
      name: "provider/batch.requested",
      data: { batchId, urgent: true, attempt: 1 },
    });
    expect(result).toEqual({ batchId, again: 1, reason: "Too many requests" });
    // The wait does not retry in place: one request this turn, the next one through the gate.
    expect(sendBatch).toHaveBeenCalledTimes(1);
  });

  it("a turn that names its batch claims nothing new: it takes that batch (claimBatch returns it) and sends it", async () => {
    const { result, error, ctx } = await run({ urgent: false, batchId: "01BATCH", attempt: 2 });
    expect(error).toBeUndefined();
    expect(claimBatch).toHaveBeenCalledWith(db, "01BATCH", limits.PROVIDER_BATCH_SIZE);
    expect(vi.mocked(sendBatch).mock.calls.map((c) => c[1])).toEqual(["01BATCH"]);
    expect(result).toEqual({ batchId: "01BATCH", done: true, sent: 3, failed: 0 });
    expect(ctx.step.sendEvent).not.toHaveBeenCalled();
  });

  it("transient trouble on a named batch: back off, then the same batch again with attempt + 1", async () => {
    vi.mocked(sendBatch).mockResolvedValue({ done: false, retry: 8, reason: "the email provider had a problem" });
    const { result, ctx } = await run({ urgent: false, batchId: "01BATCH", attempt: 3 });
    expect(claimBatch).toHaveBeenCalledWith(db, "01BATCH", limits.PROVIDER_BATCH_SIZE);
    expect(ctx.step.sleep).toHaveBeenCalledWith("back-off", "8s");
    expect(ctx.step.sendEvent).toHaveBeenCalledWith("again", {
      name: "provider/batch.requested",
      data: { batchId: "01BATCH", urgent: false, attempt: 4 },
    });
    expect(result).toEqual({ batchId: "01BATCH", again: 4, reason: "the email provider had a problem" });
  });

  it("a failing send step is retried by the engine, not settled or rescued from inside the run", async () => {
    vi.mocked(sendBatch).mockRejectedValue(new Error("Connection terminated unexpectedly"));
    const event = turn({ urgent: false, batchId: "01BATCH" });
    const engine = new InngestTestEngine({ function: providerBatchSender, events: [event] as [typeof event] });
    const { step, error } = await engine.executeStep("send");
    expect(step.op).toBe("StepError"); // retried by the engine; "StepFailed" would end the run
    expect(error).toMatchObject({ name: "Error", message: "Connection terminated unexpectedly" });
    expect(sendSpy).not.toHaveBeenCalled();
  });

  it("onFailure of a fresh turn: a rescue turn for the batch its run claimed (the run id), attempt 1", async () => {
    await runOnFailure({ urgent: true }, "01RUN");
    expect(sendSpy).toHaveBeenCalledTimes(1);
    expect(sendSpy).toHaveBeenCalledWith({
      id: "batch-rescue-01RUN-1",
      name: "provider/batch.requested",
      data: { batchId: "01RUN", urgent: true, attempt: 1 },
    });
  });

  it("onFailure of a turn that named its batch: a rescue turn for that batch, one attempt further", async () => {
    await runOnFailure({ urgent: false, batchId: "01BATCH", attempt: 4 }, "01OTHER");
    expect(sendSpy).toHaveBeenCalledTimes(1);
    expect(sendSpy).toHaveBeenCalledWith({
      id: "batch-rescue-01BATCH-5",
      name: "provider/batch.requested",
      data: { batchId: "01BATCH", urgent: false, attempt: 5 },
    });
    // Nothing is claimed, sent or settled by the failure handler itself.
    expect(claimBatch).not.toHaveBeenCalled();
    expect(sendBatch).not.toHaveBeenCalled();
  });

  it("a rescue turn whose original claim never committed claims afresh under the named id: queued work is not orphaned", async () => {
    vi.mocked(claimBatch).mockImplementation(async (_db, batchId) => ({ batchId, size: 7, urgent: false }));
    const { result } = await run({ urgent: false, batchId: "01DEADRUN", attempt: 1 });
    expect(claimBatch).toHaveBeenCalledWith(db, "01DEADRUN", limits.PROVIDER_BATCH_SIZE);
    expect(vi.mocked(sendBatch).mock.calls.map((c) => c[1])).toEqual(["01DEADRUN"]);
    expect(result).toMatchObject({ batchId: "01DEADRUN", done: true });
  });
});
