import { describe, expect, it } from "vitest";
import { parseCommandArgs } from "./parse-command-args";
import { UsageError } from "./usage-error";

describe("parseCommandArgs", () => {
  it("reads a negative amount as a value, in place, whether positional or an option's value", () => {
    expect(parseCommandArgs("credit", ["Harbor Insurance", "-20", "--reason", "Correction"], { reason: { type: "string" } })).toEqual({
      values: { reason: "Correction" },
      positionals: ["Harbor Insurance", "-20"],
    });
    expect(parseCommandArgs("credit", ["-5", "x"], {}).positionals).toEqual(["-5", "x"]);
    expect(parseCommandArgs("create-agency", ["--credit", "-5"], { credit: { type: "string" } }).values).toEqual({ credit: "-5" });
  });

  it("accepts --help and -h on every command", () => {
    expect(parseCommandArgs("suspend", ["-h"], {}).values.help).toBe(true);
    expect(parseCommandArgs("suspend", ["x", "--help"], {}).values.help).toBe(true);
  });

  it("turns an unknown option or a missing value into a short UsageError naming the command", () => {
    const unknown = (() => {
      try {
        parseCommandArgs("suspend", ["x", "--bogus"], {});
      } catch (e) {
        return e;
      }
    })();
    expect(unknown).toBeInstanceOf(UsageError);
    expect(unknown).toMatchObject({ command: "suspend", message: "Unknown option '--bogus'" });
    expect(() => parseCommandArgs("credit", ["x", "+5", "--reason"], { reason: { type: "string" } })).toThrow(UsageError);
  });
});
