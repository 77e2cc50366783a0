"use client";

import { useEffect, useId, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Input } from "@/components/ui/field";
import { searchCustomersAction } from "../compose-actions";

export type PickedCustomer = { id: string; name: string; email: string; active: boolean; optedOut: boolean };

/**
 * Hand-picking recipients: search by name or email (debounced, server-side, at most 20 results a
 * search) and tick customers; the picked ones stay listed with a remove button whatever the search.
 */
export function CustomerPicker({ picked, onChange }: { picked: PickedCustomer[]; onChange: (next: PickedCustomer[]) => void }) {
  const id = useId();
  const [q, setQ] = useState("");
  const [results, setResults] = useState<PickedCustomer[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    let stale = false;
    const timer = setTimeout(async () => {
      setLoading(true);
      const res = await searchCustomersAction({ q }).catch(() => ({
        ok: false as const,
        error: "Could not search customers. Check your connection.",
      }));
      if (stale) return;
      setLoading(false);
      if (res.ok) {
        setResults(res.data);
        setError(null);
      } else setError(res.error);
    }, 250);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [q]);

  const isPicked = (cid: string) => picked.some((p) => p.id === cid);
  const toggle = (c: PickedCustomer) => onChange(isPicked(c.id) ? picked.filter((p) => p.id !== c.id) : [...picked, c]);

  return (
    <div className="space-y-3" data-testid="customer-picker">
      <div>
        <label htmlFor={`${id}-q`} className="block text-sm font-medium text-slate-700">
          Find customers
        </label>
        <Input
          id={`${id}-q`}
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder="Name or email"
          className="mt-1"
          aria-describedby={`${id}-status`}
          autoComplete="off"
        />
        <p id={`${id}-status`} className="mt-1 text-xs text-slate-500" aria-live="polite">
          {loading
            ? "Searching…"
            : error
              ? ""
              : results
                ? `${results.length === 20 ? "First 20" : results.length} match${results.length === 1 ? "" : "es"}`
                : ""}
        </p>
        {error ? (
          <p role="alert" className="text-sm text-red-700">
            {error}
          </p>
        ) : null}
      </div>
      {results && results.length > 0 ? (
        <fieldset>
          <legend className="sr-only">Search results</legend>
          <ul className="max-h-64 divide-y divide-slate-100 overflow-y-auto rounded-md border border-slate-200 bg-white">
            {results.map((c) => (
              <li key={c.id}>
                <label className="flex cursor-pointer items-center gap-3 px-3 py-2 text-sm hover:bg-slate-50">
                  <input type="checkbox" checked={isPicked(c.id)} onChange={() => toggle(c)} className="h-4 w-4" />
                  <span className="flex-1">
                    <span className="font-medium">{c.name}</span> <span className="break-all text-slate-600">{c.email}</span>
                  </span>
                  {!c.active ? <Badge>Inactive</Badge> : null}
                  {c.optedOut ? <Badge tone="amber">Opted out</Badge> : null}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      ) : results && !loading ? (
        <p className="text-sm text-slate-600">No customer matches “{q}”.</p>
      ) : null}
      <div>
        <p className="text-sm font-medium text-slate-700" id={`${id}-picked`}>
          Picked ({picked.length})
        </p>
        {picked.length === 0 ? (
          <p className="text-sm text-slate-500">Nobody yet: tick customers above.</p>
        ) : (
          <ul aria-labelledby={`${id}-picked`} className="mt-1 flex flex-wrap gap-2" data-testid="picked-customers">
            {picked.map((c) => (
              <li key={c.id} className="inline-flex items-center gap-1 rounded-full bg-brand-50 py-0.5 pl-3 pr-1 text-sm text-brand-900">
                {c.name}
                <button
                  type="button"
                  onClick={() => toggle(c)}
                  aria-label={`Remove ${c.name}`}
                  className="rounded-full px-1.5 hover:bg-brand-100"
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
