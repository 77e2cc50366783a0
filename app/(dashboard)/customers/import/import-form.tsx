"use client";

import Link from "next/link";
import { useRef, useState, useTransition } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { flash, FormMessage } from "@/components/ui/flash";
import type { ImportPreview, ImportReport } from "@/lib/customers/import-customers";
import { importCustomersAction, previewImportAction } from "../actions";
import { RejectedRows } from "./rejected-rows";
import { displayName, NO_NAME } from "@/lib/customers/display-name";

const MAX_BYTES = 5 * 1024 * 1024;
const unreachable = "The upload did not reach the server (connection lost, or the file is too large). Nothing was imported.";

/** Choose a file → preview (nothing changes) → import (one transaction) → per-row report. */
export function ImportForm() {
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function choose(f: File | null) {
    setFile(f);
    setPreview(null);
    setReport(null);
    setError(
      f && f.size > MAX_BYTES ? "The file is larger than 5 MB. Split it into smaller files and import them one after another." : null,
    );
  }

  function form(): FormData | null {
    if (!file) {
      setError("Choose a CSV file to import.");
      return null;
    }
    const data = new FormData();
    data.set("file", file);
    return data;
  }

  function runPreview() {
    const data = form();
    if (!data || (file && file.size > MAX_BYTES)) return;
    startTransition(async () => {
      try {
        const result = await previewImportAction(data);
        if (result.ok) {
          setPreview(result.data);
          setError(null);
        } else setError(result.error);
      } catch {
        setError(unreachable);
      }
    });
  }

  function runImport() {
    const data = form();
    if (!data) return;
    startTransition(async () => {
      try {
        const result = await importCustomersAction(data);
        if (!result.ok) {
          setError(result.error);
          flash("error", `Import failed: ${result.error}`);
          return;
        }
        setReport(result.data);
        setPreview(null);
        flash(
          "success",
          `Import finished: ${result.data.created} added, ${result.data.merged} updated, ${result.data.rejected.length} skipped.`,
        );
      } catch {
        setError(unreachable);
      }
    });
  }

  function reset() {
    choose(null);
    if (input.current) input.current.value = "";
  }

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end gap-3">
        <Field id="csv-file" label="CSV file" className="min-w-64 flex-1">
          {(a) => (
            <Input
              {...a}
              ref={input}
              name="file"
              type="file"
              accept=".csv,text/csv,text/plain"
              onChange={(e) => choose(e.target.files?.[0] ?? null)}
            />
          )}
        </Field>
        <Button
          variant="secondary"
          onClick={runPreview}
          pending={pending && !preview}
          pendingLabel="Reading…"
          disabled={!file || Boolean(report)}
        >
          Preview
        </Button>
      </div>
      <FormMessage error={error} />

      {preview ? (
        <section aria-labelledby="preview-title" data-testid="import-preview" className="space-y-4">
          <h2 id="preview-title" className="text-lg font-semibold">
            Preview of {file?.name}
          </h2>
          <Summary
            items={[
              ["New customers", preview.toCreate],
              ["Already in your agency (will be updated)", preview.toMerge],
              ["Rows with problems (will be skipped)", preview.rejected.length],
            ]}
          />
          {preview.sample.length ? (
            <details className="rounded-md border border-slate-200 p-3 text-sm">
              <summary className="cursor-pointer font-medium">First rows as they will be imported</summary>
              <ul className="mt-2 space-y-1">
                {preview.sample.map((r) => (
                  <li key={r.row}>
                    Row {r.row}: {displayName(r, NO_NAME)} &lt;{r.email}&gt;{r.tags.length ? ` — ${r.tags.join(", ")}` : ""}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          <RejectedRows rows={preview.rejected} />
          <div className="flex flex-wrap gap-2">
            <Button onClick={runImport} pending={pending} pendingLabel="Importing…" disabled={preview.toCreate + preview.toMerge === 0}>
              Import {(preview.toCreate + preview.toMerge).toLocaleString("en-US")} customers
            </Button>
            <Button variant="secondary" onClick={reset} disabled={pending}>
              Choose another file
            </Button>
          </div>
        </section>
      ) : null}

      {report ? (
        <section aria-labelledby="report-title" data-testid="import-report" className="space-y-4">
          <h2 id="report-title" className="text-lg font-semibold">
            Import finished
          </h2>
          <Summary
            items={[
              ["Added", report.created],
              ["Updated", report.merged],
              ["Skipped", report.rejected.length],
            ]}
          />
          <RejectedRows rows={report.rejected} />
          <div className="flex flex-wrap gap-2">
            <Link href="/customers" className={buttonClass("primary")}>
              See customers
            </Link>
            <Button variant="secondary" onClick={reset}>
              Import another file
            </Button>
          </div>
        </section>
      ) : null}
    </div>
  );
}

function Summary({ items }: { items: [string, number][] }) {
  return (
    <dl className="grid gap-3 sm:grid-cols-3">
      {items.map(([label, value]) => (
        <div key={label} className="rounded-md border border-slate-200 bg-slate-50 p-3">
          <dt className="text-xs text-slate-600">{label}</dt>
          <dd className="text-2xl font-semibold" data-testid={`count-${label.split(" ")[0].toLowerCase()}`}>
            {value.toLocaleString("en-US")}
          </dd>
        </div>
      ))}
    </dl>
  );
}
