import type { Prisma } from "@/lib/generated/prisma/client";

export type CustomerFilters = {
  /** Words matched against first name, last name and email; every word must match one of them. */
  q?: string;
  status?: "ACTIVE" | "INACTIVE";
  tag?: string;
  /** "yes": only opted out; "no": only those who may be mailed. */
  optedOut?: "yes" | "no";
};

/** The where clause of the list, always under the account: the filters narrow it, never widen it. */
export function customerWhere(accountId: string, filters: CustomerFilters): Prisma.CustomerWhereInput {
  const and: Prisma.CustomerWhereInput[] = [];
  const words = (filters.q ?? "").trim().split(/\s+/).filter(Boolean).slice(0, 5);
  for (const word of words) {
    and.push({
      OR: [
        { firstName: { contains: word, mode: "insensitive" } },
        { lastName: { contains: word, mode: "insensitive" } },
        // emailNormalized is lower-case already: a plain LIKE is enough.
        { emailNormalized: { contains: word.toLowerCase() } },
      ],
    });
  }
  if (filters.status) and.push({ status: filters.status });
  if (filters.tag) and.push({ tags: { has: filters.tag } });
  if (filters.optedOut === "yes") and.push({ optedOutAt: { not: null } });
  if (filters.optedOut === "no") and.push({ optedOutAt: null });
  return { accountId, AND: and };
}
