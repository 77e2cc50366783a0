import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./usage-error";

type Options = NonNullable<ParseArgsConfig["options"]>;

// parseArgs reads "-20" as the short option "-2…"; a credit amount of -20 is a value, so negative numbers
// are hidden behind a marker while parsing and restored afterwards, wherever they appear.
const NEGATIVE_NUMBER = /^-\d/;
const MARK = "\u0000";
const hide = (arg: string) => (NEGATIVE_NUMBER.test(arg) ? MARK + arg.slice(1) : arg);
const restore = (value: string) => (value.startsWith(MARK) ? `-${value.slice(1)}` : value);

export type ParsedArgs = { values: Record<string, string | boolean | undefined>; positionals: string[] };

/** node:util parseArgs, strict, with its errors turned into a UsageError naming the command. */
export function parseCommandArgs(command: string, args: string[], options: Options): ParsedArgs {
  try {
    const parsed = parseArgs({
      args: args.map(hide),
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
    const values: ParsedArgs["values"] = {};
    for (const [key, value] of Object.entries(parsed.values))
      values[key] = typeof value === "string" ? restore(value) : (value as boolean | undefined);
    return { values, positionals: parsed.positionals.map(restore) };
  } catch (error) {
    // Node's messages are clear but long ("… To specify a positional argument starting with a '-' …"): keep the first sentence.
    const message = (error as Error).message.split(/\. (?=[A-Z])/)[0].replace(/\.$/, "");
    throw new UsageError(message, command);
  }
}
