import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "@/lib/env";

const secrets = { AUTH_SECRET: "a".repeat(32), UNSUBSCRIBE_SECRET: "b".repeat(32) };

describe("configuration", () => {
  it("fills the embedded defaults", () => {
    const env = parseEnv({ ...secrets });
    expect(env.PORT).toBe(3000);
    expect(env.DATA_DIR).toBe(".data");
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.SEND_CONCURRENCY_PER_ACCOUNT).toBeGreaterThan(0);
  });

  it("names every bad variable in one clear message", () => {
    let message = "";
    try {
      parseEnv({ AUTH_SECRET: "short", PORT: "abc", DATABASE_URL: "mysql://x" });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toContain("AUTH_SECRET: must be at least 32 characters");
    expect(message).toContain("UNSUBSCRIBE_SECRET");
    expect(message).toContain("PORT");
    expect(message).toContain("DATABASE_URL: must be a postgresql:// URL");
    expect(message).toContain("README.md");
  });

  it("treats an empty optional URL as unset", () => {
    expect(parseEnv({ ...secrets, DATABASE_URL: "", INNGEST_BASE_URL: "" }).INNGEST_BASE_URL).toBeUndefined();
  });
});
