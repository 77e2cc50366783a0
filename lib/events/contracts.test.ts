import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CONTRACTS } from "./contracts";
import { contractSchemas } from "./json-schemas";

describe("the published event contracts", () => {
  it("docs/contracts/ holds exactly the current schemas (run `npm run contracts` after changing an event)", () => {
    const dir = path.resolve("docs/contracts");
    const committed = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".schema.json"))
      .sort();
    const current = contractSchemas();
    expect(committed).toEqual(Object.keys(current).sort());
    for (const [file, text] of Object.entries(current)) expect(fs.readFileSync(path.join(dir, file), "utf8"), file).toBe(text);
  });

  it("a per-customer event with a wrong shape is refused by its contract", () => {
    const ok = { blastId: "b", accountId: "a", customerId: "c", deliveryId: "d", urgent: false, round: 0 };
    expect(CONTRACTS["blast/customer.requested"].safeParse(ok).success).toBe(true);
    expect(CONTRACTS["blast/customer.requested"].safeParse({ ...ok, round: -1 }).success).toBe(false);
    expect(CONTRACTS["blast/customer.requested"].safeParse({ ...ok, deliveryId: undefined }).success).toBe(false);
  });
});
