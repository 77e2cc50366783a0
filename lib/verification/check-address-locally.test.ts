import { describe, expect, it } from "vitest";
import { checkAddressLocally, checkSyntax, isRoleAddress } from "./check-address-locally";

describe("local address checks", () => {
  it.each(["maria@example.com", "o'neil+tag@sub.agency.co.uk", "x@xn--bcher-kva.example", "a.b-c_d@d-e.io"])("accepts %s", (a) => {
    expect(checkSyntax(a)).toBe(true);
  });
  it.each([
    "",
    "maria",
    "@x.com",
    "a@",
    "a@@x.com",
    "a@x",
    "a..b@x.com",
    ".a@x.com",
    "a@-x.com",
    "a@x.c0m",
    "a b@x.com",
    "a@x..com",
    `${"a".repeat(65)}@x.com`,
    "<a@x.com>",
  ])("refuses %j", (a) => {
    expect(checkSyntax(a)).toBe(false);
    expect(checkAddressLocally(a)).toEqual({ verdict: "invalid", reason: "syntax", source: "local" });
  });
  it("refuses throwaway and reserved domains", () => {
    expect(checkAddressLocally("someone@mailinator.com")).toMatchObject({ verdict: "invalid", reason: "disposable" });
    expect(checkAddressLocally("someone@guerrillamail.com")).toMatchObject({ verdict: "invalid", reason: "disposable" });
    expect(checkAddressLocally("someone@nowhere.invalid")).toMatchObject({ verdict: "invalid", reason: "reserved_domain" });
  });
  it("allows role addresses but flags them", () => {
    expect(isRoleAddress("info@agency.com")).toBe(true);
    expect(isRoleAddress("noreply+x@agency.com")).toBe(true);
    expect(isRoleAddress("maria@agency.com")).toBe(false);
    expect(checkAddressLocally("info@agency.com")).toEqual({ verdict: "valid", reason: "role_address", source: "local" });
    expect(checkAddressLocally("maria@gmail.com")).toEqual({ verdict: "valid", reason: "accepted", source: "local" });
  });
});
