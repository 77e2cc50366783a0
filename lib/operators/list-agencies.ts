import type { Db } from "@/lib/db";

export type AgencySummary = {
  id: string;
  name: string;
  status: "ACTIVE" | "SUSPENDED";
  owners: string[];
  /** The sum of the agency's credit ledger (the balance agents see is its cached copy). */
  balance: number;
  customers: number;
  /**
   * Over the last USAGE_DAYS: blasts requested (not counting emails to one customer), and emails sent by
   * everything requested in that window (the blasts' sent counters, emails to one customer included).
   */
  blasts: number;
  emailsSent: number;
  createdAt: Date;
};

export const USAGE_DAYS = 30;

/**
 * Every agency, oldest first, with its balance and recent usage — the operator's overview. Four grouped
 * queries whatever the number of agencies; usage comes from the Blast rows and their counters (indexed
 * by account and date), not from scanning every Delivery.
 */
export async function listAgencies(db: Db, now = new Date()): Promise<AgencySummary[]> {
  const since = new Date(now.getTime() - USAGE_DAYS * 24 * 60 * 60 * 1000);
  const [accounts, ledger, customers, usage] = await Promise.all([
    db.account.findMany({
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: {
        id: true,
        name: true,
        status: true,
        createdAt: true,
        users: { where: { role: "OWNER", active: true }, select: { email: true }, orderBy: { createdAt: "asc" } },
      },
    }),
    db.creditEntry.groupBy({ by: ["accountId"], _sum: { delta: true } }),
    db.customer.groupBy({ by: ["accountId"], _count: { _all: true } }),
    db.blast.groupBy({
      by: ["accountId", "kind"],
      where: { createdAt: { gte: since } },
      _count: { _all: true },
      _sum: { sentCount: true },
    }),
  ]);
  const balances = new Map(ledger.map((r) => [r.accountId, r._sum.delta ?? 0]));
  const customerCounts = new Map(customers.map((r) => [r.accountId, r._count._all]));
  const blastCounts = new Map<string, number>();
  const sentCounts = new Map<string, number>();
  for (const row of usage) {
    if (row.kind === "BLAST") blastCounts.set(row.accountId, row._count._all);
    sentCounts.set(row.accountId, (sentCounts.get(row.accountId) ?? 0) + (row._sum.sentCount ?? 0));
  }
  return accounts.map((a) => ({
    id: a.id,
    name: a.name,
    status: a.status,
    owners: a.users.map((u) => u.email),
    balance: balances.get(a.id) ?? 0,
    customers: customerCounts.get(a.id) ?? 0,
    blasts: blastCounts.get(a.id) ?? 0,
    emailsSent: sentCounts.get(a.id) ?? 0,
    createdAt: a.createdAt,
  }));
}
