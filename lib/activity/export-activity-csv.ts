import { activityLabel } from "./activity-types";
import type { ActivityRow } from "./list-activity";
import { displayName } from "@/lib/customers/display-name";

/**
 * One CSV cell. Every cell is quoted; a value a spreadsheet would run as a formula (=, +, -, @, or a
 * leading tab / carriage return) is prefixed with ' so opening the export never executes anything a
 * customer typed into their name.
 */
export function csvCell(value: unknown): string {
  let text =
    value === null || value === undefined
      ? ""
      : value instanceof Date
        ? value.toISOString()
        : typeof value === "object"
          ? JSON.stringify(value)
          : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export const EXPORT_HEADER = [
  "time_utc",
  "type",
  "description",
  "customer_name",
  "customer_email",
  "blast_id",
  "blast_subject",
  "agent",
  "detail",
];

export function csvLine(cells: unknown[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

export function activityCsvLine(row: ActivityRow): string {
  return csvLine([
    row.at,
    row.type,
    activityLabel(row.type),
    row.customer ? displayName(row.customer) : "",
    row.customer?.email ?? "",
    row.blast?.id ?? "",
    row.blast?.subject ?? "",
    row.user?.name ?? "",
    row.detail && typeof row.detail === "object" && Object.keys(row.detail).length ? row.detail : "",
  ]);
}
