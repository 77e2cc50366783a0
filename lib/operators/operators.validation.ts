import { z } from "zod";
import { AppError } from "@/lib/errors";
import { isTimeZone } from "@/lib/settings/time-zones";

/**
 * Inputs of the operator commands (npm run admin). They arrive as text from a terminal, so numbers are
 * accepted as "+500" / "-20" as well as numbers, and every message says what to type instead.
 */

/** One adjustment or opening credit at most: a typo of a few extra zeros is refused, not granted. */
export const MAX_CREDIT_CHANGE = 1_000_000;

const email = (what: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .max(254, `${what} is too long`)
    .pipe(z.email(`${what} is not a valid email address`));
const text = (what: string, max: number) =>
  z.string().trim().min(1, `${what} is required`).max(max, `${what} must be at most ${max} characters`);
const operator = z.string().trim().min(1).max(100).default("operator");

/** A whole number of credits, from a number or from text such as "+500", "-20", "1000". */
const credits = (what: string) =>
  z.unknown().transform((value, ctx) => {
    const n =
      typeof value === "number" ? value : typeof value === "string" && /^[+-]?\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : NaN;
    if (Number.isSafeInteger(n)) return n;
    ctx.addIssue({ code: "custom", message: `${what} must be a whole number of credits, like +500 or -20` });
    return z.NEVER;
  });

export const agencyRefSchema = text("The agency (its id or its name)", 200);

export const createAgencySchema = z.object({
  name: text("The agency's name", 100),
  ownerEmail: email("The owner's email"),
  ownerName: text("The owner's name", 100),
  senderEmail: email("The sender email").optional(),
  senderName: text("The sender name", 100).optional(),
  postalAddress: z.string().trim().max(300, "The postal address must be at most 300 characters").default(""),
  timeZone: z
    .string()
    .trim()
    .default("America/New_York")
    .refine(isTimeZone, { error: (issue) => `"${String(issue.input)}" is not a time zone (use an IANA name such as America/Chicago)` }),
  credit: credits("The opening credit")
    .refine(
      (n) => n >= 0 && n <= MAX_CREDIT_CHANGE,
      `The opening credit must be between 0 and ${MAX_CREDIT_CHANGE.toLocaleString("en-US")}`,
    )
    .default(0),
  by: operator,
});

export const adjustCreditSchema = z.object({
  agency: agencyRefSchema,
  amount: credits("The amount")
    .refine((n) => n !== 0, "The amount must not be 0: +N grants credit, -N deducts it")
    .refine(
      (n) => Math.abs(n) <= MAX_CREDIT_CHANGE,
      `The amount must be at most ${MAX_CREDIT_CHANGE.toLocaleString("en-US")} credits either way`,
    ),
  reason: text("A reason (it is shown in the agency's credit ledger)", 200),
  by: operator,
});

export const setAgencyStatusSchema = z.object({
  agency: agencyRefSchema,
  status: z.enum(["ACTIVE", "SUSPENDED"]),
  reason: z.string().trim().max(200, "The reason must be at most 200 characters").optional(),
  by: operator,
});

export type CreateAgencyInput = z.input<typeof createAgencySchema>;
export type AdjustCreditInput = z.input<typeof adjustCreditSchema>;
export type SetAgencyStatusInput = z.input<typeof setAgencyStatusSchema>;

/** Parses an operator's input; the first problem becomes an AppError the CLI prints as is. */
export function parseOperatorInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new AppError("INVALID", parsed.error.issues[0]?.message ?? "Invalid input");
  return parsed.data;
}
