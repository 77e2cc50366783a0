import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";

/** Who a blast goes to: every active customer, customers with any of some tags, or hand-picked ones. */
export const selectionSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("all") }),
  z.object({ mode: z.literal("tag"), tags: z.array(z.string().trim().min(1).max(50)).min(1, "Pick at least one tag").max(20) }),
  z.object({ mode: z.literal("ids"), ids: z.array(z.string().min(1).max(64)).min(1, "Pick at least one customer").max(10_000) }),
]);

export type Selection = z.infer<typeof selectionSchema>;

/** The SQL condition on "Customer" (alias c) for a selection, always scoped to the account. */
export function selectionSql(accountId: string, selection: Selection): Prisma.Sql {
  const base = Prisma.sql`c."accountId" = ${accountId}`;
  switch (selection.mode) {
    case "all":
      return Prisma.sql`${base} AND c."status" = 'ACTIVE'`;
    case "tag":
      return Prisma.sql`${base} AND c."tags" && ${selection.tags}::text[]`;
    case "ids":
      return Prisma.sql`${base} AND c."id" = ANY(${selection.ids}::text[])`;
  }
}

/**
 * Why a selected customer gets no email, judged in SQL at fan-out (the worker checks again at send
 * time, and also checks the address). NULL = eligible.
 */
export const SKIP_REASON_SQL = Prisma.sql`CASE
  WHEN c."status" <> 'ACTIVE' THEN 'inactive'
  WHEN c."optedOutAt" IS NOT NULL THEN 'opted_out'
  ELSE NULL END`;
