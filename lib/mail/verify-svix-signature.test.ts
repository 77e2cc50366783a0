import { createHmac } from "node:crypto";
import { expect, it } from "vitest";
import { verifySvixSignature } from "./verify-svix-signature";

// Svix's published test vector.
const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const timestamp = "1614265330";
const body = '{"test": 2432232314}';
const signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
const now = 1614265330 * 1000 + 10_000;
const base = { secret, id, timestamp, signature, body, now };

it("accepts a genuine signature, also among several (secret rotation)", () => {
  expect(verifySvixSignature(base)).toEqual({ ok: true });
  expect(verifySvixSignature({ ...base, signature: `v1,AAAA v1a,xyz ${signature}` })).toEqual({ ok: true });
});

it("refuses unsigned and forged requests with 401", () => {
  expect(verifySvixSignature({ ...base, signature: null })).toMatchObject({ ok: false, status: 401 });
  expect(verifySvixSignature({ ...base, id: null })).toMatchObject({ ok: false, status: 401 });
  expect(verifySvixSignature({ ...base, body: body.replace("2432", "9999") })).toMatchObject({
    ok: false,
    status: 401,
    reason: "invalid signature",
  });
  expect(verifySvixSignature({ ...base, id: "msg_other" })).toMatchObject({ ok: false, status: 401 });
  const otherKey = createHmac("sha256", Buffer.from("another secret")).update(`${id}.${timestamp}.${body}`).digest("base64");
  expect(verifySvixSignature({ ...base, signature: `v1,${otherKey}` })).toMatchObject({ ok: false, status: 401 });
  expect(verifySvixSignature({ ...base, signature: "v2," + signature.slice(3) })).toMatchObject({ ok: false, status: 401 });
});

it("refuses stale (replayed) and future timestamps with 400", () => {
  expect(verifySvixSignature({ ...base, now: 1614265330 * 1000 + 6 * 60_000 })).toMatchObject({
    ok: false,
    status: 400,
    reason: "timestamp too old",
  });
  expect(verifySvixSignature({ ...base, now: 1614265330 * 1000 - 6 * 60_000 })).toMatchObject({
    ok: false,
    status: 400,
    reason: "timestamp in the future",
  });
  expect(verifySvixSignature({ ...base, timestamp: "soon" })).toMatchObject({ ok: false, status: 400 });
});
