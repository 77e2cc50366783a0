import { describe, expect, it } from "vitest";
import { readableFailure } from "./failure-reason";
import { decideOnSend } from "./send-decision";

describe("failure reasons", () => {
  it("say a reason once, without the layers' wrappers", () => {
    expect(readableFailure("internal_server_error: internal_server_error: An unexpected error occurred.")).toBe(
      "internal_server_error: An unexpected error occurred.",
    );
    expect(readableFailure("NonRetriableError: Error: provider refused: provider refused: bad address")).toBe(
      "provider refused: bad address",
    );
    expect(readableFailure("")).toBe("unknown error");
    expect(readableFailure("x".repeat(1000))).toHaveLength(300);
  });

  it("a provider failure that reaches an agent reads as one sentence", () => {
    const transient = decideOnSend({
      kind: "transient",
      reason: "An unexpected error occurred.",
      code: "internal_server_error",
      statusCode: 500,
    });
    expect(transient).toEqual({
      action: "retry",
      reason: "the email provider had a problem (An unexpected error occurred; internal_server_error)",
    });
    expect(readableFailure(`Error: ${transient.action === "retry" ? transient.reason : ""}`)).toBe(
      "the email provider had a problem (An unexpected error occurred; internal_server_error)",
    );
    const refused = decideOnSend({ kind: "permanent", reason: "Invalid `to` field.", code: "validation_error", statusCode: 422 });
    expect(refused).toEqual({ action: "fail", reason: "the email provider refused this email (Invalid `to` field; validation_error)" });
  });
});
