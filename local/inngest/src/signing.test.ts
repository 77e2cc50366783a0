import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkBearer, hashSigningKey, signBody, verifySignature } from "./signing.js";

const key = "signkey-test-" + "ab".repeat(32);

describe("signing", () => {
  it("signs `body + unix seconds` with the un-prefixed key text", () => {
    const sig = signBody('{"a":1}', key, 1_700_000_000_000);
    const expected = createHmac("sha256", "ab".repeat(32)).update('{"a":1}1700000000').digest("hex");
    expect(sig).toBe(`t=1700000000&s=${expected}`);
    expect(verifySignature(sig, '{"a":1}', [key], 1_700_000_000_000)).toBe(true);
    expect(verifySignature(sig, '{"a":2}', [key], 1_700_000_000_000)).toBe(false);
    expect(verifySignature(sig, '{"a":1}', [key], 1_700_000_000_000 + 10 * 60_000)).toBe(false);
  });

  it("hashes the key like the SDK's bearer token and checks it", () => {
    const hashed = hashSigningKey(key);
    expect(hashed.startsWith("signkey-test-")).toBe(true);
    expect(hashed).not.toContain("ab".repeat(32));
    expect(checkBearer(`Bearer ${hashed}`, [key])).toBe(true);
    expect(checkBearer(`Bearer ${hashed}x`, [key])).toBe(false);
    expect(checkBearer(undefined, [key])).toBe(false);
  });
});
