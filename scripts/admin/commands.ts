import type { Db } from "@/lib/db";
import { setPasswordUrl } from "@/lib/auth/set-password-token";
import { createAgencyWithOwner } from "@/lib/operators/create-agency-with-owner";
import { listAgencies, USAGE_DAYS } from "@/lib/operators/list-agencies";
import { adjustCredit } from "@/lib/operators/adjust-credit";
import { setAgencyStatus } from "@/lib/operators/set-agency-status";
import { AGENCY_SUSPENDED } from "@/lib/accounts/assert-agency-can-send";
import type { ParsedArgs } from "./parse-command-args";
import { formatAgencies } from "./format-agencies";
import { UsageError } from "./usage-error";

export type Context = { db(): Promise<Db>; out(text: string): void; operator: string; appUrl(): string };
type OptionSpec = { type: "string" | "boolean" };
export type Command = {
  summary: string;
  usage: string;
  options: Record<string, OptionSpec>;
  run(ctx: Context, args: ParsedArgs): Promise<void>;
};

const str = { type: "string" } as const;
const text = (args: ParsedArgs, name: string) => args.values[name] as string | undefined;

function positionals(name: string, args: ParsedArgs, names: string[]): string[] {
  if (args.positionals.length !== names.length) {
    const got = `got ${args.positionals.length} argument${args.positionals.length === 1 ? "" : "s"}`;
    const takes = names.length ? `takes ${names.map((n) => `<${n}>`).join(" ")}` : "takes no arguments, only options";
    throw new UsageError(`${name} ${takes} (${got}; quote a name with spaces)`, name);
  }
  return args.positionals;
}

function setStatus(name: "suspend" | "reactivate"): Command {
  const suspend = name === "suspend";
  return {
    summary: suspend ? "suspend an agency: its agents can sign in and read, but it cannot send" : "let a suspended agency send again",
    usage: suspend
      ? `suspend <agency id or name> [--reason "…"]\n\nIts agents can still sign in and read. New blasts, emails to one customer, test sends and\nretries are refused; blasts due while it is suspended fail with "${AGENCY_SUSPENDED}". Nothing is charged.`
      : `reactivate <agency id or name> [--reason "…"]`,
    options: { reason: str },
    async run(ctx, args) {
      const [agency] = positionals(name, args, ["agency"]);
      const done = await setAgencyStatus(await ctx.db(), {
        agency,
        status: suspend ? "SUSPENDED" : "ACTIVE",
        reason: text(args, "reason"),
        by: ctx.operator,
      });
      ctx.out(
        suspend
          ? `Suspended ${done.name} (${done.accountId}). Its agents can sign in and read; new and scheduled blasts fail with "${AGENCY_SUSPENDED}" and nothing is charged.`
          : `Reactivated ${done.name} (${done.accountId}). It can send again.`,
      );
    },
  };
}

export const COMMANDS: Record<string, Command> = {
  "create-agency": {
    summary: "create an agency and its first owner; prints the owner's one-time set-password link",
    usage: [
      "create-agency --name <name> --owner-email <email> --owner-name <name>",
      "              [--sender-email <email>] [--sender-name <name>] [--postal-address <text>]",
      "              [--time-zone <IANA zone>] [--credit <N>]",
      "",
      "The owner gets no password: the printed link (valid 72 hours, built from APP_URL) lets them choose",
      "one. The sender defaults to the agency's name and the owner's address; the time zone to",
      "America/New_York; the opening credit to 0.",
    ].join("\n"),
    options: {
      name: str,
      "owner-email": str,
      "owner-name": str,
      "sender-email": str,
      "sender-name": str,
      "postal-address": str,
      "time-zone": str,
      credit: str,
    },
    async run(ctx, args) {
      positionals("create-agency", args, []);
      for (const required of ["name", "owner-email", "owner-name"]) {
        if (text(args, required) === undefined) throw new UsageError(`create-agency needs --${required}`, "create-agency");
      }
      const appUrl = ctx.appUrl();
      const created = await createAgencyWithOwner(await ctx.db(), {
        name: text(args, "name")!,
        ownerEmail: text(args, "owner-email")!,
        ownerName: text(args, "owner-name")!,
        senderEmail: text(args, "sender-email"),
        senderName: text(args, "sender-name"),
        postalAddress: text(args, "postal-address"),
        timeZone: text(args, "time-zone"),
        credit: text(args, "credit"),
        by: ctx.operator,
      });
      ctx.out(
        [
          `Created agency ${created.name} (${created.accountId}) with ${created.credit.toLocaleString("en-US")} credits.`,
          `Owner: ${created.owner.name} <${created.owner.email}>`,
          `Send the owner this one-time link to set their password (valid until ${created.setPasswordExpiresAt.toISOString()}):`,
          `  ${setPasswordUrl(appUrl, created.setPasswordToken)}`,
        ].join("\n"),
      );
    },
  },
  "list-agencies": {
    summary: `list agencies with status, balance, customers and the last ${USAGE_DAYS} days' blasts and emails sent`,
    usage: `list-agencies [--json]\n\nBALANCE is the sum of the credit ledger; BLASTS 30D and SENT 30D count what was requested in the\nlast ${USAGE_DAYS} days. --json prints one JSON array.`,
    options: { json: { type: "boolean" } },
    async run(ctx, args) {
      positionals("list-agencies", args, []);
      const agencies = await listAgencies(await ctx.db());
      if (args.values.json) ctx.out(JSON.stringify(agencies, null, 2));
      else ctx.out(agencies.length ? formatAgencies(agencies) : "No agencies yet. Create one with: npm run admin -- create-agency --help");
    },
  },
  credit: {
    summary: "grant (+N) or deduct (-N) credit, with a reason shown in the agency's ledger",
    usage: `credit <agency id or name> <+N|-N> --reason "…"\n\nA deduction larger than the balance is refused (the balance never goes below zero).`,
    options: { reason: str },
    async run(ctx, args) {
      const [agency, amount] = positionals("credit", args, ["agency", "+N|-N"]);
      if (text(args, "reason") === undefined)
        throw new UsageError(`credit needs --reason "…": it is shown in the agency's credit ledger`, "credit");
      const done = await adjustCredit(await ctx.db(), { agency, amount, reason: text(args, "reason")!, by: ctx.operator });
      const n = Math.abs(done.amount).toLocaleString("en-US");
      ctx.out(
        `${done.amount > 0 ? `Granted ${n} credits to` : `Deducted ${n} credits from`} ${done.name} (${done.accountId}). Balance: ${done.balance.toLocaleString("en-US")}.`,
      );
    },
  },
  suspend: setStatus("suspend"),
  reactivate: setStatus("reactivate"),
};
