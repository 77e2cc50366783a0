import { AppError } from "@/lib/errors";

/**
 * A small RFC 4180 reader: quoted fields with commas, quotes ("") and line breaks, CRLF or LF, a BOM,
 * and the delimiter spreadsheets in many locales export (`;`) or tab. A file that is not CSV (an
 * unterminated quote, binary bytes) is refused as a whole rather than half-read.
 */
export function parseCsv(text: string): string[][] {
  if (text.includes("\u0000"))
    throw new AppError("INVALID", "This file is not a CSV text file (it contains binary data). Export it from your spreadsheet as CSV.");
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = detectDelimiter(src);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let quoteStartLine = 0;
  let line = 1;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === "\n") line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === "") {
      quoted = true;
      quoteStartLine = line;
    } else if (ch === delimiter) {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && src[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      line++;
    } else field += ch;
  }
  if (quoted)
    throw new AppError("INVALID", `The file is broken: a quote opened on line ${quoteStartLine} is never closed. Nothing was imported.`);
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function detectDelimiter(src: string): string {
  const firstLine = src.slice(0, src.search(/\r?\n|$/));
  const counts = [",", ";", "\t"].map((d) => [d, firstLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 0 ? counts[0][0] : ",";
}
