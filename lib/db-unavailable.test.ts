import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "@/lib/db-unavailable";

describe("isDatabaseUnavailable", () => {
  it("recognises a server that is down, restarting or cut the connection, also wrapped by Prisma", () => {
    expect(isDatabaseUnavailable(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5433"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("the database system is starting up"), { code: "57P03" }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("terminating connection due to administrator command"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("query failed", { cause: new Error("Connection terminated unexpectedly") }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("Can't reach database server"), { code: "P1001" }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([Object.assign(new Error(""), { code: "ECONNREFUSED" })]))).toBe(true);
  });

  it("leaves bad queries and broken rules alone: those are failures, not outages", () => {
    expect(isDatabaseUnavailable(Object.assign(new Error("duplicate key value"), { code: "23505" }))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error("Unique constraint failed"), { code: "P2002" }))).toBe(false);
    expect(isDatabaseUnavailable(new Error("not enough credit"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
