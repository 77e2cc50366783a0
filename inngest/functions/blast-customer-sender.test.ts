import { runOnFailure as runAsFailure } from "@/inngest/testing/run-on-failure";
import { InngestTestEngine } from "@inngest/test";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { readableFailure } from "@/lib/deliveries/failure-reason";

/**
 * blast-customer-sender, one run at a time on @inngest/test's engine: check (and queue) → "delivery/ready";
 * onFailure settles a still-PENDING delivery FAILED. No database: runtime() and the lib steps are mocked;
 * the batch side (claim, send, record) has its own tests.
 */
const db = { fake: "db" };
const verification = { fake: "verification" };
const compose = { appUrl: "http://localhost:3000", unsubscribeSecret: "s".repeat(32), from: "Blast <n@blast.test>" };

vi.mock("@/inngest/runtime", () => ({ runtime: vi.fn(async () => ({ db, mailer: {}, verification, compose })) }));
vi.mock("@/lib/deliveries/check-recipient", () => ({ checkRecipient: vi.fn() }));
vi.mock("@/lib/deliveries/queue-for-provider", () => ({ queueForProvider: vi.fn(async () => {}) }));
vi.mock("@/lib/deliveries/settle-delivery", () => ({ settleDelivery: vi.fn(async () => true) }));

const { blastCustomerSender } = await import("./blast-customer-sender");
const { inngest } = await import("@/inngest/client");
const sendSpy = vi.spyOn(inngest, "send").mockResolvedValue({ ids: ["evt_1"] });
const { checkRecipient } = await import("@/lib/deliveries/check-recipient");
const { queueForProvider } = await import("@/lib/deliveries/queue-for-provider");
const { settleDelivery } = await import("@/lib/deliveries/settle-delivery");

const data = { blastId: "b1", accountId: "acc_1", customerId: "c1", deliveryId: "del_1", urgent: true, round: 1 };
const requested = { name: "blast/customer.requested", data };
const ref = { accountId: "acc_1", deliveryId: "del_1" };

/** A fresh engine per run. */
function run() {
  return new InngestTestEngine({ function: blastCustomerSender, events: [requested] as [typeof requested] }).execute();
}

/** The function run as its onFailure handler, as the engine calls it once the run has failed for good. */
const runOnFailure = (error: { name: string; message: string }) =>
  runAsFailure(blastCustomerSender, { functionId: "blast-blast-customer-sender", runId: "01RUN", error, event: requested });

beforeEach(() => {
  vi.clearAllMocks();
  vi.mocked(checkRecipient).mockResolvedValue({ proceed: true });
});

describe("blast-customer-sender", () => {
  it("checks the recipient, queues the delivery for the provider and announces it, in one request with no step state", async () => {
    const { result, error, ctx } = await run();
    expect(error).toBeUndefined();
    expect(result).toEqual({ queued: true });
    expect(checkRecipient).toHaveBeenCalledWith(db, ref, verification);
    expect(queueForProvider).toHaveBeenCalledWith(db, "del_1", true);
    expect(sendSpy).toHaveBeenCalledWith([{ name: "delivery/ready", data: { deliveryId: "del_1", accountId: "acc_1", urgent: true } }]);
    // No steps: nothing is memoized in the engine for a recipient, and nothing rendered travels through it.
    expect(ctx.step.run).not.toHaveBeenCalled();
    expect(ctx.step.sendEvent).not.toHaveBeenCalled();
    expect(JSON.stringify(sendSpy.mock.calls).length).toBeLessThan(300);
    expect(settleDelivery).not.toHaveBeenCalled();
  });

  it("stops after the check when the recipient is not to be sent to (already settled, claimed, skipped, cancelled)", async () => {
    vi.mocked(checkRecipient).mockResolvedValue({ proceed: false, why: "skipped", reason: "opted_out" });
    const { result } = await run();
    expect(result).toEqual({ proceed: false, why: "skipped", reason: "opted_out" });
    expect(queueForProvider).not.toHaveBeenCalled();
    expect(sendSpy).not.toHaveBeenCalled();
  });

  it("a transient error (the database went away) fails the attempt for the engine to retry, and settles nothing", async () => {
    vi.mocked(checkRecipient).mockRejectedValue(new Error("Connection terminated unexpectedly"));
    const { error } = await run();
    expect(error).toMatchObject({ message: "Connection terminated unexpectedly" });
    expect(queueForProvider).not.toHaveBeenCalled();
    expect(sendSpy).not.toHaveBeenCalled();
    expect(settleDelivery).not.toHaveBeenCalled();
  });

  it("onFailure settles only a delivery nobody claimed (PENDING), in words: a claimed one is its batch's", async () => {
    const refusal = "the email provider refused this email (Invalid `to` field; validation_error)";
    await runOnFailure({ name: "NonRetriableError", message: refusal });
    expect(settleDelivery).toHaveBeenCalledTimes(1);
    expect(settleDelivery).toHaveBeenCalledWith(db, ref, { status: "FAILED", reason: refusal }, ["PENDING"]);
    expect(readableFailure(vi.mocked(settleDelivery).mock.calls[0][2].reason)).toBe(refusal);
  });

  it("onFailure after a step ran out of retries: FAILED with the reason said once, without the engine's wrappers", async () => {
    await runOnFailure({ name: "Error", message: "Error: internal_server_error: internal_server_error: An unexpected error occurred." });
    expect(settleDelivery).toHaveBeenCalledTimes(1);
    const [usedDb, usedRef, result] = vi.mocked(settleDelivery).mock.calls[0];
    expect(usedDb).toBe(db);
    expect(usedRef).toEqual(ref);
    expect(result.status).toBe("FAILED");
    expect(readableFailure(result.reason)).toBe("internal_server_error: An unexpected error occurred.");
  });
});
