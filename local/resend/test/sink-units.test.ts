import { describe, expect, it } from "vitest";
import { FaultInjector, defaultFaults, parseFaultPatch } from "../src/fault-injector";
import { optionsFromEnv } from "../src/options-from-env";
import { RateLimiter } from "../src/rate-limiter";
import { signSvix, svixHeaders } from "../src/sign-svix";
import { validateEmailPayload } from "../src/validate-email-payload";

describe("svix signing", () => {
  it("matches Svix's published test vector", () => {
    expect(signSvix("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, '{"test": 2432232314}')).toBe(
      "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    );
  });
  it("sets the three headers, timestamp in seconds", () => {
    const h = svixHeaders("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_1", "{}", 1_700_000_000_500);
    expect(h["svix-timestamp"]).toBe("1700000000");
    expect(h["svix-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(svixHeaders(undefined, "msg_1", "{}")["svix-signature"]).toBeUndefined();
  });
});

describe("fault settings", () => {
  it("parses env-style strings and JSON, rejecting nonsense", () => {
    expect(parseFaultPatch({ errorRate: "0.5", bounce: "A@x.test, *@bounce.test", outageForMs: 1000 }, 5000)).toEqual({
      errorRate: 0.5,
      bounce: ["a@x.test", "*@bounce.test"],
      outageUntil: 6000,
    });
    expect(() => parseFaultPatch({ errorRate: 2 })).toThrow(/errorRate/);
    expect(() => parseFaultPatch({ outageMode: "boom" })).toThrow(/outageMode/);
    expect(() => parseFaultPatch([])).toThrow();
  });
  it("decides outcomes by recipient and counts down failNext", () => {
    const f = new FaultInjector({ ...defaultFaults, bounce: ["*@bounce.test"], complain: ["angry@x.test"], failNext: 2 });
    expect(f.outcomeFor(["Bob <bob@BOUNCE.test>"])).toBe("bounced");
    expect(f.outcomeFor(["angry@x.test"])).toBe("complained");
    expect(f.outcomeFor(["bounced@resend.dev"])).toBe("bounced");
    expect(f.outcomeFor(["ok@x.test"])).toBe("delivered");
    expect([f.shouldFail(), f.shouldFail(), f.shouldFail()]).toEqual([true, true, false]);
    f.update({ outageUntil: Date.now() + 1000 });
    expect(f.inOutage()).toBe(true);
    expect(f.reset().failNext).toBe(2);
  });
  it("errorsPerKey lets a key through once errorRate has failed it that many times; keyless requests stay random", () => {
    const f = new FaultInjector({ ...defaultFaults, errorRate: 1, errorsPerKey: 2 });
    expect([f.shouldFail("k1"), f.shouldFail("k1"), f.shouldFail("k1"), f.shouldFail("k1")]).toEqual([true, true, false, false]);
    expect(f.shouldFail("k2")).toBe(true);
    expect(f.shouldFail()).toBe(true);
    f.update({ errorsPerKey: 1 }); // new settings: counts start again
    expect([f.shouldFail("k1"), f.shouldFail("k1")]).toEqual([true, false]);
    f.update({ errorsPerKey: -1 });
    expect([f.shouldFail("k1"), f.shouldFail("k1"), f.shouldFail("k1")]).toEqual([true, true, true]);
    expect(() => parseFaultPatch({ errorsPerKey: -2 })).toThrow(/errorsPerKey/);
  });
  it("reads every knob from the environment", () => {
    const o = optionsFromEnv({
      RESEND_SINK_PORT: "4000",
      RESEND_SINK_RATE_LIMIT: "5",
      RESEND_SINK_COMPLAIN: "c@x.test",
      RESEND_SINK_WEBHOOK_RETRY_MS: "10, 20",
    });
    expect(o).toMatchObject({ port: 4000, faults: { rateLimitPerSecond: 5, complain: ["c@x.test"] }, webhookRetryDelaysMs: [10, 20] });
    expect(() => optionsFromEnv({ RESEND_SINK_PORT: "x" })).toThrow(/RESEND_SINK_PORT/);
    expect(optionsFromEnv({ RESEND_SINK_WEBHOOK_TIME_SCALE: "0.001", RESEND_SINK_WEBHOOK_CONCURRENCY: "4" })).toMatchObject({
      webhookTimeScale: 0.001,
      webhookConcurrency: 4,
    });
    expect(optionsFromEnv({})).toMatchObject({ webhookTimeScale: undefined, webhookRetryDelaysMs: undefined });
    expect(() => optionsFromEnv({ RESEND_SINK_WEBHOOK_TIME_SCALE: "0" })).toThrow(/RESEND_SINK_WEBHOOK_TIME_SCALE/);
    expect(() => optionsFromEnv({ RESEND_SINK_WEBHOOK_CONCURRENCY: "0" })).toThrow(/RESEND_SINK_WEBHOOK_CONCURRENCY/);
    expect(optionsFromEnv({ RESEND_SINK_KEEP_BODIES: "200" }).keepBodies).toBe(200);
    expect(optionsFromEnv({}).keepBodies).toBeUndefined(); // the store's default, 5,000
    expect(() => optionsFromEnv({ RESEND_SINK_KEEP_BODIES: "-1" })).toThrow(/RESEND_SINK_KEEP_BODIES/);
  });
});

it("rate limiter allows N per sliding second", () => {
  const rl = new RateLimiter();
  expect(rl.check(2, 1000).ok).toBe(true);
  expect(rl.check(2, 1100).ok).toBe(true);
  expect(rl.check(2, 1200)).toEqual({ ok: false, retryAfterSeconds: 1, resetMs: 800 });
  expect(rl.check(2, 2001).ok).toBe(true);
  expect(rl.check(0, 2001).ok).toBe(true);
});

describe("payload validation", () => {
  const good = { from: "Harbor <a@h.test>", to: "m@x.test", subject: "Hi", text: "Hello" };
  it("accepts Resend's forms", () => {
    const v = validateEmailPayload({ ...good, to: ["m@x.test", "N <n@x.test>"], reply_to: "r@h.test" });
    expect(v.ok && v.email.to).toEqual(["m@x.test", "N <n@x.test>"]);
    expect(v.ok && v.email.reply_to).toEqual(["r@h.test"]);
  });
  it("answers Resend's 422s", () => {
    const name = (x: unknown) => {
      const v = validateEmailPayload(x);
      return v.ok ? "ok" : `${v.error.statusCode} ${v.error.name}`;
    };
    expect(name({ ...good, from: undefined })).toBe("422 missing_required_field");
    expect(name({ ...good, to: [] })).toBe("422 missing_required_field");
    expect(name({ ...good, to: "nope" })).toBe("422 validation_error");
    expect(name({ ...good, subject: "" })).toBe("422 missing_required_field");
    expect(name({ ...good, text: undefined })).toBe("422 validation_error");
    expect(name({ ...good, headers: { a: 1 } })).toBe("422 validation_error");
    expect(name({ ...good, tags: [{ name: "bad tag", value: "x" }] })).toBe("422 validation_error");
    expect(name({ ...good, to: Array.from({ length: 51 }, (_, i) => `p${i}@x.test`) })).toBe("422 validation_error");
  });
});

describe("the send gate (holdAfter)", () => {
  it("lets N requests through, holds the rest in order until opened", async () => {
    const faults = new FaultInjector({ ...defaultFaults });
    faults.update({ holdAfter: 2 });
    const passed: number[] = [];
    const requests = [1, 2, 3, 4].map((n) => faults.gate().then(() => passed.push(n)));
    await Promise.all(requests.slice(0, 2));
    expect(passed).toEqual([1, 2]);
    expect(faults.heldCount).toBe(2);
    faults.update({ holdAfter: 1 }); // one more through
    await requests[2];
    expect(passed).toEqual([1, 2, 3]);
    expect(faults.heldCount).toBe(1);
    faults.update({ holdAfter: -1 });
    await requests[3];
    expect(passed).toEqual([1, 2, 3, 4]);
    expect(faults.heldCount).toBe(0);
  });
});
