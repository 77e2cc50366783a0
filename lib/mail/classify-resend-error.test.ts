import { describe, expect, it } from "vitest";
import { classifyResendError } from "./classify-resend-error";
import { formatFromAddress } from "./format-from-address";
import { listUnsubscribeHeaders } from "./list-unsubscribe-headers";
import { mailConfigFromEnv } from "./mail-config-from-env";

const err = (name: string, statusCode: number | null, message = "m") => ({ name, statusCode, message }) as never;

describe("classifyResendError", () => {
  it("429 → rate_limited with retry-after", () => {
    expect(classifyResendError(err("rate_limit_exceeded", 429), { "retry-after": "3" })).toMatchObject({
      kind: "rate_limited",
      retryAfterSeconds: 3,
    });
    expect(classifyResendError(err("rate_limit_exceeded", 429), null)).toMatchObject({ kind: "rate_limited", retryAfterSeconds: 1 });
    expect(classifyResendError(err("daily_quota_exceeded", 429), {})).toMatchObject({ kind: "rate_limited", retryAfterSeconds: 3600 });
    expect(classifyResendError(err("weird", 429), { "retry-after": "0.2" })).toMatchObject({ kind: "rate_limited", retryAfterSeconds: 1 });
  });

  it("5xx, network failures and concurrent same-key requests → transient", () => {
    expect(classifyResendError(err("internal_server_error", 500), null).kind).toBe("transient");
    expect(classifyResendError(err("application_error", null), null).kind).toBe("transient");
    expect(classifyResendError(err("application_error", 503), null).kind).toBe("transient");
    expect(classifyResendError(err("concurrent_idempotent_requests", 409), null).kind).toBe("transient");
    expect(classifyResendError(err("something_new", 502), null).kind).toBe("transient");
  });

  it("validation and other 4xx → permanent, keeping the code", () => {
    expect(classifyResendError(err("validation_error", 422, "Invalid `to` field"), null)).toMatchObject({
      kind: "permanent",
      code: "validation_error",
      statusCode: 422,
    });
    expect(classifyResendError(err("invalid_idempotent_request", 409), null)).toMatchObject({
      kind: "permanent",
      code: "invalid_idempotent_request",
    });
    expect(classifyResendError(err("invalid_api_key", 403), null).kind).toBe("permanent");
    expect(classifyResendError(err("missing_required_field", 422), null).kind).toBe("permanent");
  });
});

describe("headers and addresses", () => {
  it("builds RFC 8058 one-click headers", () => {
    expect(listUnsubscribeHeaders({ oneClickUrl: "https://app.test/api/unsubscribe/abc", mailto: "agent@agency.test" })).toEqual({
      "List-Unsubscribe": "<https://app.test/api/unsubscribe/abc>, <mailto:agent@agency.test?subject=unsubscribe>",
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
    expect(listUnsubscribeHeaders({ oneClickUrl: "https://app.test/u/x" })["List-Unsubscribe"]).toBe("<https://app.test/u/x>");
    expect(() => listUnsubscribeHeaders({ oneClickUrl: "javascript:alert(1)" })).toThrow();
  });

  it("formats a From without header injection", () => {
    expect(formatFromAddress("Harbor Mutual", "a@h.test")).toBe('"Harbor Mutual" <a@h.test>');
    expect(formatFromAddress('Evil"\r\nBcc: x@y <z>', "a@h.test")).toBe('"Evil Bcc: x@y z" <a@h.test>');
    expect(formatFromAddress("", "a@h.test")).toBe("a@h.test");
  });

  it("reads mail config from env only in the factory", () => {
    expect(mailConfigFromEnv({ RESEND_BASE_URL: "http://127.0.0.1:3025/" })).toMatchObject({
      apiKey: "re_local_sink",
      baseUrl: "http://127.0.0.1:3025",
    });
    expect(() => mailConfigFromEnv({})).toThrow(/RESEND_API_KEY/);
    expect(mailConfigFromEnv({ RESEND_API_KEY: "re_x", MAIL_FROM: "A <a@b.test>" })).toMatchObject({
      baseUrl: "https://api.resend.com",
      from: "A <a@b.test>",
    });
  });
});
