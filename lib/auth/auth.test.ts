import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { FREE_FAILURES, lockMs, throttleKeys } from "@/lib/auth/login-throttle";
import { isPublicPath } from "@/auth.config";

describe("passwords", () => {
  it("verifies the right password only, with a salt per hash", async () => {
    const hash = await hashPassword("correct horse");
    expect(hash).not.toContain("correct horse");
    expect(await verifyPassword("correct horse", hash)).toBe(true);
    expect(await verifyPassword("correct hors", hash)).toBe(false);
    expect(await hashPassword("correct horse")).not.toBe(hash);
    expect(await verifyPassword("x", null)).toBe(false);
    expect(await verifyPassword("x", "md5$abc")).toBe(false);
  });
});

describe("sign-in throttle", () => {
  it("allows a few failures, then locks for longer and longer, with a cap", () => {
    expect(lockMs(FREE_FAILURES - 1)).toBe(0);
    expect(lockMs(FREE_FAILURES)).toBeGreaterThan(0);
    expect(lockMs(FREE_FAILURES + 1)).toBe(2 * lockMs(FREE_FAILURES));
    expect(lockMs(100)).toBe(15 * 60_000);
  });

  it("counts per address (case-insensitive) and per IP", () => {
    expect(throttleKeys(" Ann@X.test ", "1.2.3.4")).toEqual(["email:ann@x.test", "ip:1.2.3.4"]);
    expect(throttleKeys("ann@x.test", null)).toEqual(["email:ann@x.test"]);
  });
});

describe("public paths", () => {
  it("lets through only sign-in, health, the engine, webhooks and unsubscribe", () => {
    for (const p of ["/login", "/api/health", "/api/inngest", "/api/webhooks/resend", "/unsubscribe/abc", "/api/auth/session"]) {
      expect(isPublicPath(p)).toBe(true);
    }
    for (const p of ["/", "/blasts", "/customers/1", "/settings", "/loginx", "/api/customers"]) {
      expect(isPublicPath(p)).toBe(false);
    }
  });
});
