import { z } from "zod";
import { AppError } from "@/lib/errors";
import { normalizeEmail } from "./normalize-email";
import { normalizeTags } from "./normalize-tags";
import { parseCsv } from "./parse-csv";

export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 50_000;

export type ImportRow = {
  row: number;
  firstName: string;
  lastName: string;
  email: string;
  emailNormalized: string;
  phone: string;
  tags: string[];
};
export type RejectedRow = { row: number; email: string; reasons: string[] };
export type ParsedImport = { rows: ImportRow[]; rejected: RejectedRow[]; dataRows: number; columns: string[] };

// Header names as spreadsheets and CRMs export them, compared without case, spaces, dashes or underscores.
const COLUMNS: Record<keyof Omit<ImportRow, "row" | "emailNormalized"> | "fullName", string[]> = {
  email: ["email", "emailaddress", "e-mail", "mail"],
  firstName: ["firstname", "first", "givenname", "forename"],
  lastName: ["lastname", "last", "surname", "familyname"],
  fullName: ["name", "fullname", "customer", "customername"],
  phone: ["phone", "phonenumber", "telephone", "mobile", "cell"],
  tags: ["tags", "tag", "labels", "groups", "lines"],
};
const key = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, "");
const emailSchema = z.email();

function mapHeader(header: string[]) {
  const index: Partial<Record<keyof typeof COLUMNS, number>> = {};
  header.forEach((h, i) => {
    for (const [field, names] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, string[]][]) {
      if (index[field] === undefined && names.map(key).includes(key(h))) index[field] = i;
    }
  });
  return index;
}

/**
 * Reads an import file into the rows to import and the rows refused with their reasons. Row numbers are
 * the spreadsheet's (the header is row 1). A structural problem — not CSV, no email column, too big —
 * refuses the whole file so nothing is half-imported.
 */
export function parseCustomerCsv(text: string): ParsedImport {
  if (Buffer.byteLength(text, "utf8") > IMPORT_MAX_BYTES)
    throw new AppError("LIMIT", "The file is larger than 5 MB. Split it into smaller files and import them one after another.");
  const table = parseCsv(text);
  while (table.length && table[table.length - 1].every((c) => c.trim() === "")) table.pop();
  if (table.length === 0) throw new AppError("INVALID", "The file is empty.");
  const [header, ...body] = table;
  const col = mapHeader(header);
  if (col.email === undefined) {
    throw new AppError(
      "INVALID",
      `The file has no email column. The first row must name the columns, e.g. "email,first name,last name,tags" (found: ${header.slice(0, 6).join(", ") || "nothing"}).`,
    );
  }
  if (body.length > IMPORT_MAX_ROWS)
    throw new AppError(
      "LIMIT",
      `The file has ${body.length.toLocaleString("en-US")} rows; at most ${IMPORT_MAX_ROWS.toLocaleString("en-US")} can be imported at once. Split it into smaller files.`,
    );
  const cell = (cells: string[], i: number | undefined) => (i === undefined ? "" : (cells[i] ?? "").trim());
  const firstSeen = new Map<string, number>();
  const rows: ImportRow[] = [];
  const rejected: RejectedRow[] = [];
  let dataRows = 0;
  body.forEach((cells, i) => {
    const row = i + 2;
    if (cells.every((c) => c.trim() === "")) return; // blank lines are not rows
    dataRows++;
    const email = cell(cells, col.email);
    let firstName = cell(cells, col.firstName);
    let lastName = cell(cells, col.lastName);
    if (!firstName && !lastName && col.fullName !== undefined) {
      const parts = cell(cells, col.fullName).split(/\s+/).filter(Boolean);
      firstName = parts.slice(0, -1).join(" ") || (parts[0] ?? "");
      lastName = parts.length > 1 ? parts[parts.length - 1] : "";
    }
    const reasons: string[] = [];
    const normalized = normalizeEmail(email);
    if (!email) reasons.push("Missing email");
    else if (!emailSchema.safeParse(email).success) reasons.push(`Not a valid email address`);
    else if (firstSeen.has(normalized)) reasons.push(`Duplicate in file: same email as row ${firstSeen.get(normalized)}`);
    if (firstName.length > 100 || lastName.length > 100) reasons.push("Name longer than 100 characters");
    if (reasons.length) {
      rejected.push({ row, email: email.slice(0, 200), reasons });
      return;
    }
    firstSeen.set(normalized, row);
    rows.push({
      row,
      firstName,
      lastName,
      email,
      emailNormalized: normalized,
      phone: cell(cells, col.phone).slice(0, 50),
      tags: normalizeTags(cell(cells, col.tags)),
    });
  });
  return { rows, rejected, dataRows, columns: header.map((h) => h.trim()) };
}
