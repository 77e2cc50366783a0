import { describe, expect, it } from "vitest";
import { buildUnsubscribeLinks } from "./build-unsubscribe-links";
import { maskEmail } from "./mask-email";
import { createUnsubscribeToken, verifyUnsubscribeToken } from "./unsubscribe-token";

const secret = "s".repeat(32);
const subject = { accountId: "acc_1", customerId: "cus_1" };

describe("unsubscribe token", () => {
  it("round-trips and is stable", () => {
    const t = createUnsubscribeToken(secret, subject);
    expect(t).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(createUnsubscribeToken(secret, subject)).toBe(t);
    expect(verifyUnsubscribeToken(secret, t)).toEqual(subject);
  });

  it("refuses forged, re-targeted, truncated and foreign-secret tokens", () => {
    const t = createUnsubscribeToken(secret, subject);
    const [, sig] = t.split(".");
    const other = Buffer.from("acc_1.cus_2").toString("base64url");
    expect(verifyUnsubscribeToken(secret, `${other}.${sig}`)).toBeNull(); // another customer, same signature
    expect(verifyUnsubscribeToken(secret, t.slice(0, -2))).toBeNull();
    expect(verifyUnsubscribeToken("x".repeat(32), t)).toBeNull();
    expect(verifyUnsubscribeToken(secret, `${t}.x`)).toBeNull();
    expect(verifyUnsubscribeToken(secret, "")).toBeNull();
    expect(verifyUnsubscribeToken(secret, "a".repeat(1000))).toBeNull();
    const flipped = sig[0] === "A" ? "B" + sig.slice(1) : "A" + sig.slice(1);
    expect(verifyUnsubscribeToken(secret, `${t.split(".")[0]}.${flipped}`)).toBeNull();
  });

  it("refuses ids that could smuggle a separator", () => {
    expect(() => createUnsubscribeToken(secret, { accountId: "a.b", customerId: "c" })).toThrow();
    expect(() => createUnsubscribeToken("", subject)).toThrow();
  });
});

it("builds the page link, the one-click link and the headers", () => {
  const links = buildUnsubscribeLinks({ ...subject, appUrl: "https://blast.test/", secret, mailto: "dana@harbor.test" });
  const token = createUnsubscribeToken(secret, subject);
  expect(links.pageUrl).toBe(`https://blast.test/unsubscribe/${token}`);
  expect(links.oneClickUrl).toBe(`https://blast.test/api/unsubscribe/${token}`);
  expect(links.headers).toEqual({
    "List-Unsubscribe": `<https://blast.test/api/unsubscribe/${token}>, <mailto:dana@harbor.test?subject=unsubscribe>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  });
});

it("masks addresses", () => {
  expect(maskEmail("maria.lopez@example.com")).toBe("m••••••z@e•••••e.com");
  expect(maskEmail("al@x.io")).toBe("a•@x•.io");
  expect(maskEmail("bob@mail.com")).toBe("b••@m•••.com");
  expect(maskEmail("nope")).toBe("•••");
});
