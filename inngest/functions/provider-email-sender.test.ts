import { InngestTestEngine } from "@inngest/test";
import type { InngestFunction } from "inngest";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { SendOutcome } from "@/lib/mail";
import { readableFailure } from "@/lib/deliveries/failure-reason";

/**
 * provider-email-sender, one run at a time on @inngest/test's engine (the SDK's own execution engine, no
 * server): no database and no provider — runtime(), the claim and the settlement are mocked, the answers
 * of the provider are scripted; the decision on each answer (lib/deliveries/send-decision.ts) is real.
 */
const mailerSend = vi.fn<(email: unknown, opts: { idempotencyKey: string }) => Promise<SendOutcome>>();
const db = { fake: "db" };

vi.mock("@/inngest/runtime", () => ({
  runtime: vi.fn(async () => ({ db, mailer: { send: mailerSend, sendBatch: vi.fn() }, verification: {}, compose: {} })),
}));
vi.mock("@/lib/deliveries/claim-delivery", () => ({ claimDelivery: vi.fn() }));
vi.mock("@/lib/deliveries/settle-delivery", () => ({ settleDelivery: vi.fn(async () => true) }));

const { providerEmailSender } = await import("./provider-email-sender");
const { claimDelivery } = await import("@/lib/deliveries/claim-delivery");
const { settleDelivery } = await import("@/lib/deliveries/settle-delivery");

const data = {
  accountId: "acc_1",
  deliveryId: "del_1",
  idempotencyKey: "blast:b1:customer:c1",
  urgent: false,
  email: { to: "maria@example.com", subject: "Office hours", html: "<p>Hi</p>", text: "Hi" },
};
const invoked = { name: "inngest/function.invoked", data };

const sent = (id: string): SendOutcome => ({ kind: "sent", id });
const rateLimited = (retryAfterSeconds: number): SendOutcome => ({
  kind: "rate_limited",
  retryAfterSeconds,
  reason: "Too many requests",
  code: "rate_limit_exceeded",
});
const transient: SendOutcome = {
  kind: "transient",
  reason: "An unexpected error occurred",
  code: "internal_server_error",
  statusCode: 500,
};
const permanent: SendOutcome = { kind: "permanent", reason: "Invalid `to` field.", code: "validation_error", statusCode: 422 };

/** The engine never resolves an unmocked sleep: the waits are mocked as over (the engine memoizes null). */
const sleepsOver = (count: number) => Array.from({ length: count }, (_, i) => ({ id: `rate-limited-${i}`, handler: () => null }));

/** A fresh engine per run: clones share the step cache. */
function run(steps: InngestTestEngine.MockedStep[] = []) {
  const engine = new InngestTestEngine({ function: providerEmailSender, events: [invoked] as [typeof invoked] });
  return engine.execute({ steps });
}

/** The same function run as its onFailure handler, the way the engine calls it after the last attempt. */
function runOnFailure(error: { name: string; message: string }) {
  const fn = providerEmailSender as unknown as InngestFunction.Any & { createExecution(opts: { partialOptions: object }): unknown };
  const asFailure = Object.assign(Object.create(fn), {
    createExecution: (opts: { partialOptions: object }) =>
      fn.createExecution({ partialOptions: { ...opts.partialOptions, handlerKind: "failure" } }),
  });
  const failed = {
    name: "inngest/function.failed",
    data: { function_id: "blast-provider-email-sender", run_id: "01RUN", error, event: invoked },
  };
  return new InngestTestEngine({ function: asFailure, events: [failed] as [typeof failed] }).execute();
}

beforeEach(() => {
  vi.clearAllMocks();
  vi.mocked(claimDelivery).mockResolvedValue("claimed");
});

describe("provider-email-sender", () => {
  it("claims, sends once under the idempotency key and records SENT", async () => {
    mailerSend.mockResolvedValueOnce(sent("msg_1"));
    const { result, error } = await run();
    expect(error).toBeUndefined();
    expect(result).toEqual({ status: "sent", providerMessageId: "msg_1" });
    expect(claimDelivery).toHaveBeenCalledWith(db, { accountId: "acc_1", deliveryId: "del_1" });
    expect(mailerSend).toHaveBeenCalledTimes(1);
    expect(mailerSend).toHaveBeenCalledWith(data.email, { idempotencyKey: data.idempotencyKey });
    expect(settleDelivery).toHaveBeenCalledTimes(1);
    expect(settleDelivery).toHaveBeenCalledWith(
      db,
      { accountId: "acc_1", deliveryId: "del_1" },
      { status: "SENT", providerMessageId: "msg_1" },
    );
  });

  it("sends nothing for a delivery already settled or cancelled", async () => {
    vi.mocked(claimDelivery).mockResolvedValueOnce("settled");
    const { result } = await run();
    expect(result).toMatchObject({ status: "not-sent" });
    expect(mailerSend).not.toHaveBeenCalled();
    expect(settleDelivery).not.toHaveBeenCalled();
  });

  it("a 429 sleeps for the provider's retry-after and sends again under the same key, without failing", async () => {
    mailerSend.mockResolvedValueOnce(rateLimited(7)).mockResolvedValueOnce(rateLimited(2.5)).mockResolvedValueOnce(sent("msg_2"));
    const { result, error, ctx } = await run(sleepsOver(2));
    expect(error).toBeUndefined();
    expect(result).toEqual({ status: "sent", providerMessageId: "msg_2" });
    expect(ctx.step.sleep.mock.calls).toEqual([
      ["rate-limited-0", "7s"],
      ["rate-limited-1", "3s"],
    ]);
    expect(ctx.step.run.mock.calls.map(([id]) => id)).toEqual(["claim", "send", "send-again-1", "send-again-2", "record"]);
    expect(mailerSend.mock.calls.map(([, opts]) => opts)).toEqual(Array(3).fill({ idempotencyKey: data.idempotencyKey }));
    expect(mailerSend.mock.calls.every(([email]) => email === mailerSend.mock.calls[0][0])).toBe(true);
    // Waiting is not failing: one settlement, SENT.
    expect(vi.mocked(settleDelivery).mock.calls.map(([, , r]) => r.status)).toEqual(["SENT"]);
  });

  it("429s up to the cap end the run with a NonRetriableError (the onFailure settles it), never sending forever", async () => {
    const MAX_RATE_LIMIT_WAITS = 200; // as in provider-email-sender.ts: two steps a wait, under Inngest's 1,000 steps a run
    // The first 199 answers are already in the run's state (the engine replays them, as after each real
    // wake-up); the last two 429s come from the provider now. A run that went past the cap would get its
    // email accepted on the next call (and its wait over): it must never make that call.
    const earlier = Array.from({ length: MAX_RATE_LIMIT_WAITS - 1 }, (_, i) => ({
      id: i === 0 ? "send" : `send-again-${i}`,
      handler: () => ({ waitSeconds: 1 }),
    }));
    mailerSend.mockResolvedValueOnce(rateLimited(1)).mockResolvedValueOnce(rateLimited(1)).mockResolvedValue(sent("msg_too_late"));
    const { result, error, ctx } = await run([...earlier, ...sleepsOver(MAX_RATE_LIMIT_WAITS + 1)]);
    expect(result).toBeUndefined();
    expect(error).toMatchObject({ name: "NonRetriableError", message: `provider still rate-limiting after ${MAX_RATE_LIMIT_WAITS} waits` });
    expect(ctx.step.sleep).toHaveBeenCalledTimes(MAX_RATE_LIMIT_WAITS);
    expect(ctx.step.run).toHaveBeenCalledTimes(1 + MAX_RATE_LIMIT_WAITS + 1); // claim + every send, no record
    expect(mailerSend.mock.calls.map(([, opts]) => opts)).toEqual(Array(2).fill({ idempotencyKey: data.idempotencyKey }));
    expect(settleDelivery).not.toHaveBeenCalled();
  });

  it("a transient provider error fails the send step retriably (the engine retries it), recording nothing", async () => {
    mailerSend.mockResolvedValue(transient);
    const engine = new InngestTestEngine({ function: providerEmailSender, events: [invoked] as [typeof invoked] });
    const { step, error } = await engine.executeStep("send");
    expect(step.op).toBe("StepError"); // retriable; a permanent failure is "StepFailed"
    expect(error).toMatchObject({
      name: "Error",
      message: "the email provider had a problem (An unexpected error occurred; internal_server_error)",
    });
    expect(mailerSend).toHaveBeenCalledTimes(1);
    expect(settleDelivery).not.toHaveBeenCalled();
  });

  it("a permanent refusal fails the run with a NonRetriableError, without a retry", async () => {
    mailerSend.mockResolvedValue(permanent);
    const engine = new InngestTestEngine({ function: providerEmailSender, events: [invoked] as [typeof invoked] });
    const { step, error } = await engine.executeStep("send");
    expect(step.op).toBe("StepFailed");
    expect(error).toMatchObject({
      name: "NonRetriableError",
      message: "the email provider refused this email (Invalid `to` field; validation_error)",
    });
    const whole = await run();
    expect(whole.error).toMatchObject({ name: "NonRetriableError" });
    expect(whole.ctx.step.run.mock.calls.map(([id]) => id)).toEqual(["claim", "send"]);
    expect(mailerSend).toHaveBeenCalledTimes(2); // once per run above: no retry within a run
    expect(settleDelivery).not.toHaveBeenCalled();
  });

  it("onFailure settles the delivery FAILED, refunded by the settlement, with the failure in words", async () => {
    // The error the run failed with (as the engine reports it in inngest/function.failed) goes to onFailure.
    for (const [outcome, words] of [
      [permanent, "the email provider refused this email (Invalid `to` field; validation_error)"],
      [transient, "the email provider had a problem (An unexpected error occurred; internal_server_error)"],
    ] as const) {
      vi.clearAllMocks();
      vi.mocked(claimDelivery).mockResolvedValue("claimed");
      mailerSend.mockResolvedValue(outcome);
      const failed = await run();
      expect(failed.error).toBeDefined();
      const { name, message } = failed.error as { name: string; message: string };
      await runOnFailure({ name, message });
      expect(settleDelivery).toHaveBeenCalledTimes(1);
      const [usedDb, ref, result] = vi.mocked(settleDelivery).mock.calls[0];
      expect(usedDb).toBe(db);
      expect(ref).toMatchObject({ accountId: "acc_1", deliveryId: "del_1" });
      expect(result).toEqual({ status: "FAILED", reason: message });
      expect(readableFailure(result.reason)).toBe(words);
    }
    // Layers' wrappers (the engine, a re-thrown step error) are dropped from what the agent reads.
    vi.clearAllMocks();
    await runOnFailure({ name: "Error", message: "NonRetriableError: Error: provider still rate-limiting after 200 waits" });
    const [, , result] = vi.mocked(settleDelivery).mock.calls[0];
    expect(result.status).toBe("FAILED");
    expect(readableFailure(result.reason)).toBe("provider still rate-limiting after 200 waits");
  });
});
