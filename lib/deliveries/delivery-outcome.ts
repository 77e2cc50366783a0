import type { DeliveryOutcome } from "@/lib/generated/prisma/client";

/**
 * What a provider can tell us about a sent email after the fact. Outcomes replace each other by rank;
 * opens and clicks are facts of their own (first seen), an email can be delivered and opened.
 */
export type ProviderReport =
  { kind: "outcome"; outcome: DeliveryOutcome; at: Date; detail?: string | null } | { kind: "opened" | "clicked"; at: Date };

/**
 * Precedence of outcomes. Providers post events in any order and more than once, so the stored outcome
 * is the highest-ranked one seen (a late "delivered" never hides a bounce; a complaint comes after a
 * delivery, and a delay is only news until something else is heard). Equal ranks: the later event wins.
 */
export const OUTCOME_RANK: Record<DeliveryOutcome, number> = { DELAYED: 1, DELIVERED: 2, BOUNCED: 3, COMPLAINED: 4 };

export const DELIVERY_OUTCOMES = Object.keys(OUTCOME_RANK) as DeliveryOutcome[];

/** The Blast counter each outcome is counted in (a sent delivery is counted under its current outcome). */
export const OUTCOME_COUNTER = {
  DELAYED: "delayedCount",
  DELIVERED: "deliveredCount",
  BOUNCED: "bouncedCount",
  COMPLAINED: "complainedCount",
} as const satisfies Record<DeliveryOutcome, string>;

/** Whether a report replaces the current outcome (the same rule the UPDATE in SQL applies). */
export function supersedes(
  current: { outcome: DeliveryOutcome | null; at: Date | null },
  next: { outcome: DeliveryOutcome; at: Date },
): boolean {
  if (!current.outcome) return true;
  const now = OUTCOME_RANK[current.outcome];
  const then = OUTCOME_RANK[next.outcome];
  return then > now || (then === now && (!current.at || next.at.getTime() > current.at.getTime()));
}

/** Counter changes when a delivery moves from one outcome to another: out of the old bucket, into the new. */
export function counterDeltas(
  from: DeliveryOutcome | null,
  to: DeliveryOutcome,
): Partial<Record<(typeof OUTCOME_COUNTER)[DeliveryOutcome], number>> {
  if (from === to) return {};
  return { ...(from ? { [OUTCOME_COUNTER[from]]: -1 } : {}), [OUTCOME_COUNTER[to]]: 1 };
}

/** count / sent as a percentage with one decimal, or null when nothing was sent. */
export function outcomeRate(count: number, sent: number): number | null {
  if (sent <= 0) return null;
  return Math.round((count / sent) * 1000) / 10;
}
