import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { parseCsv } from "./parse-csv";
import { parseCustomerCsv } from "./parse-customer-csv";

describe("parseCsv", () => {
  it("reads quoted fields with commas, quotes and line breaks, CRLF and a BOM", () => {
    const rows = parseCsv('\ufeffa,b,c\r\n"x, y","say ""hi""","line1\nline2"\r\n');
    expect(rows).toEqual([
      ["a", "b", "c"],
      ["x, y", 'say "hi"', "line1\nline2"],
    ]);
  });
  it("detects ; and tab delimiters", () => {
    expect(parseCsv("email;name\na@b.co;Ann")).toEqual([
      ["email", "name"],
      ["a@b.co", "Ann"],
    ]);
    expect(parseCsv("email\tname\na@b.co\tAnn")).toEqual([
      ["email", "name"],
      ["a@b.co", "Ann"],
    ]);
  });
  it("refuses a quote never closed, naming its line", () => {
    expect(() => parseCsv('email,name\n"a@b.co,Ann\nb@c.co,Bob')).toThrow(/line 2/);
  });
  it("refuses binary data", () => {
    expect(() => parseCsv("PK\u0003\u0004\u0000\u0000")).toThrow(AppError);
  });
});

describe("parseCustomerCsv", () => {
  it("maps common header names and reports every bad row with its reason", () => {
    const csv = [
      "E-mail Address,First Name,Surname,Tags",
      "maria@example.com,Maria,Garcia,auto; Home",
      ",No,Email,",
      "not-an-email,Bad,Address,",
      "MARIA@example.com ,Maria,Dup,",
      "",
      "james@example.com,James,Smith,life",
    ].join("\n");
    const parsed = parseCustomerCsv(csv);
    expect(parsed.dataRows).toBe(5);
    expect(parsed.rows.map((r) => [r.row, r.emailNormalized, r.tags])).toEqual([
      [2, "maria@example.com", ["auto", "home"]],
      [7, "james@example.com", ["life"]],
    ]);
    expect(parsed.rejected).toEqual([
      { row: 3, email: "", reasons: ["Missing email"] },
      { row: 4, email: "not-an-email", reasons: ["Not a valid email address"] },
      { row: 5, email: "MARIA@example.com", reasons: ["Duplicate in file: same email as row 2"] },
    ]);
  });
  it("splits a single name column into first and last name", () => {
    const [row] = parseCustomerCsv("name,email\nMary Ann Lee,mal@example.com").rows;
    expect([row.firstName, row.lastName]).toEqual(["Mary Ann", "Lee"]);
  });
  it("refuses a file without an email column or without rows", () => {
    expect(() => parseCustomerCsv("name,phone\nAnn,123")).toThrow(/no email column/);
    expect(() => parseCustomerCsv("")).toThrow(/empty/);
  });
  it("refuses more than 50,000 rows with a clear message", () => {
    const csv = ["email", ...Array.from({ length: 50_001 }, (_, i) => `c${i}@example.com`)].join("\n");
    expect(() => parseCustomerCsv(csv)).toThrow(/at most 50,000/);
  });
});
