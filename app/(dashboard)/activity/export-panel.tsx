"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { flash } from "@/components/ui/flash";
import { requestExportAction } from "./actions";

type ExportItem = { id: string; status: "PENDING" | "READY" | "FAILED"; rowCount: number; createdAt: string; note: string | null };

const POLL_MS = 3000;

/**
 * "Export CSV" and the recent exports. While one is being prepared the page refreshes itself every few
 * seconds (a server refresh: no extra API), and says so when the file is ready.
 */
export function ExportPanel({
  filters,
  exports,
  timeZone,
}: {
  filters: Record<string, string | undefined>;
  exports: ExportItem[];
  timeZone: string;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const polling = exports.some((e) => e.status === "PENDING");
  const watched = useRef(new Set<string>());

  useEffect(() => {
    for (const e of exports) {
      if (!watched.current.has(e.id)) continue;
      if (e.status === "READY") flash("success", `Your export is ready: ${e.rowCount.toLocaleString("en-US")} rows. Download it below.`);
      if (e.status === "FAILED") flash("error", "The export could not be prepared. Please try again.");
      if (e.status !== "PENDING") watched.current.delete(e.id);
    }
    for (const e of exports) if (e.status === "PENDING") watched.current.add(e.id);
  }, [exports]);

  useEffect(() => {
    if (!polling) return;
    const timer = setInterval(() => router.refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [polling, router]);

  function start() {
    startTransition(async () => {
      try {
        const clean = Object.fromEntries(Object.entries(filters).filter(([, v]) => v));
        const result = await requestExportAction(clean);
        if (result.ok) flash("success", "Export started. It will be ready to download here in a moment; you can keep working.");
        else flash("error", result.error);
        router.refresh();
      } catch {
        flash("error", "Could not reach the server. No export was started.");
      }
    });
  }

  const when = (iso: string) =>
    new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
  return (
    <section aria-labelledby="exports-title" className="mb-4 rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h2 id="exports-title" className="font-semibold">
            Export
          </h2>
          <p className="text-sm text-slate-600">A CSV of the activity with the filters above, prepared in the background.</p>
        </div>
        <Button onClick={start} pending={pending} pendingLabel="Starting…" variant="secondary">
          Export CSV
        </Button>
      </div>
      {exports.length ? (
        <ul className="mt-3 divide-y divide-slate-100 text-sm" data-testid="export-list" aria-live="polite">
          {exports.map((e) => (
            <li
              key={e.id}
              className="flex flex-wrap items-center justify-between gap-2 py-2"
              data-testid="export-item"
              data-status={e.status}
            >
              <span>
                Requested {when(e.createdAt)}{" "}
                {e.status === "PENDING" ? (
                  <Badge tone="blue">Preparing…</Badge>
                ) : e.status === "READY" ? (
                  <Badge tone="green">Ready · {e.rowCount.toLocaleString("en-US")} rows</Badge>
                ) : (
                  <Badge tone="red">Failed</Badge>
                )}
                {e.note ? <span className="ml-2 text-slate-600">{e.note}</span> : null}
              </span>
              {e.status === "READY" ? (
                <a href={`/api/exports/${e.id}`} className={buttonClass("ghost")} download>
                  Download CSV
                </a>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
