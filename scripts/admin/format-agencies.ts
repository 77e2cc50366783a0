import type { AgencySummary } from "@/lib/operators/list-agencies";

const COLUMNS: { title: string; value: (a: AgencySummary) => string; right?: boolean }[] = [
  { title: "ID", value: (a) => a.id },
  { title: "NAME", value: (a) => a.name },
  { title: "STATUS", value: (a) => a.status.toLowerCase() },
  { title: "BALANCE", value: (a) => a.balance.toLocaleString("en-US"), right: true },
  { title: "CUSTOMERS", value: (a) => a.customers.toLocaleString("en-US"), right: true },
  { title: "BLASTS 30D", value: (a) => a.blasts.toLocaleString("en-US"), right: true },
  { title: "SENT 30D", value: (a) => a.emailsSent.toLocaleString("en-US"), right: true },
  { title: "OWNER", value: (a) => a.owners.join(", ") || "-" },
];

/** A plain, aligned table for a terminal (--json is there for scripts). */
export function formatAgencies(agencies: AgencySummary[]): string {
  const rows = [COLUMNS.map((c) => c.title), ...agencies.map((a) => COLUMNS.map((c) => c.value(a)))];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => (COLUMNS[i].right ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
