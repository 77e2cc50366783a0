"use client";

import { useRef, useState } from "react";
import type { EmailPreview } from "@/lib/customers/preview-customer-email";

const TABS = [
  { id: "html", label: "HTML" },
  { id: "text", label: "Plain text" },
] as const;

/** The rendered email in a sandboxed frame (no scripts, no access to this page) or as plain text. */
export function PreviewTabs({ preview, loading }: { preview: EmailPreview | null; loading: boolean }) {
  const [tab, setTab] = useState<"html" | "text">("html");
  const refs = useRef<(HTMLButtonElement | null)[]>([]);

  function onKey(e: React.KeyboardEvent, index: number) {
    if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
    const next = (index + (e.key === "ArrowRight" ? 1 : TABS.length - 1)) % TABS.length;
    setTab(TABS[next].id);
    refs.current[next]?.focus();
  }

  // Links in the preview open in a new tab, as in a mail client, instead of inside the frame.
  const srcDoc = preview ? preview.html.replace(/<head([^>]*)>/i, `<head$1><base target="_blank">`) : "";
  return (
    <div className="rounded-lg border border-slate-200 bg-white shadow-sm" aria-busy={loading}>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 border-b border-slate-200 p-4 text-sm" data-testid="preview-headers">
        <dt className="text-slate-500">From</dt>
        <dd className="break-all">{preview?.from ?? "…"}</dd>
        <dt className="text-slate-500">To</dt>
        <dd className="break-all" data-testid="preview-to">
          {preview?.to ?? "…"}
        </dd>
        <dt className="text-slate-500">Subject</dt>
        <dd className="font-medium" data-testid="preview-subject">
          {preview?.subject ?? "…"}
        </dd>
      </dl>
      <div role="tablist" aria-label="Preview format" className="flex gap-1 border-b border-slate-200 px-2">
        {TABS.map((t, i) => (
          <button
            key={t.id}
            ref={(el) => {
              refs.current[i] = el;
            }}
            role="tab"
            type="button"
            id={`tab-${t.id}`}
            aria-controls={`panel-${t.id}`}
            aria-selected={tab === t.id}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
            onKeyDown={(e) => onKey(e, i)}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${tab === t.id ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
          >
            {t.label}
          </button>
        ))}
        {loading ? (
          <span role="status" className="ml-auto self-center text-xs text-slate-500">
            Rendering…
          </span>
        ) : null}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="p-2">
        {tab === "html" ? (
          <iframe
            title="Email preview (HTML)"
            sandbox="allow-popups allow-popups-to-escape-sandbox"
            srcDoc={srcDoc}
            className="h-[640px] w-full rounded border-0 bg-white"
            data-testid="preview-frame"
          />
        ) : (
          <pre className="h-[640px] overflow-auto whitespace-pre-wrap p-3 font-mono text-sm text-slate-800" data-testid="preview-text">
            {preview?.text ?? ""}
          </pre>
        )}
      </div>
    </div>
  );
}
