"use client";

import type { RejectedRow } from "@/lib/customers/parse-customer-csv";
import { Button } from "@/components/ui/button";
import { Table, Td, Th } from "@/components/ui/table";

const SHOWN = 200;

/** The refused rows with their reasons; the full list can be downloaded to fix them in the spreadsheet. */
export function RejectedRows({ rows }: { rows: RejectedRow[] }) {
  if (rows.length === 0) return <p className="text-sm text-green-800">Every row is fine.</p>;
  function download() {
    const cell = (v: string | number) => `"${String(v).replace(/"/g, '""')}"`;
    const csv = [
      "row,email,problem",
      ...rows.map((r) => [r.row, /^[=+\-@]/.test(r.email) ? `'${r.email}` : r.email, r.reasons.join("; ")].map(cell).join(",")),
    ].join("\r\n");
    const url = URL.createObjectURL(new Blob([csv], { type: "text/csv" }));
    const a = Object.assign(document.createElement("a"), { href: url, download: "rows-not-imported.csv" });
    a.click();
    URL.revokeObjectURL(url);
  }
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="font-medium text-amber-900">
          {rows.length.toLocaleString("en-US")} row{rows.length === 1 ? "" : "s"} not imported
        </h3>
        <Button variant="secondary" onClick={download}>
          Download these rows
        </Button>
      </div>
      <Table caption="Rows not imported and why" data-testid="rejected-rows">
        <thead>
          <tr>
            <Th>Row</Th>
            <Th>Email</Th>
            <Th>Problem</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.slice(0, SHOWN).map((r) => (
            <tr key={r.row}>
              <Td>{r.row}</Td>
              <Td className="break-all">{r.email || "—"}</Td>
              <Td>{r.reasons.join("; ")}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
      {rows.length > SHOWN ? (
        <p className="text-sm text-slate-600">The first {SHOWN} are shown; download the list for all of them.</p>
      ) : null}
    </div>
  );
}
