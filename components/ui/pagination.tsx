import Link from "next/link";
import { buttonClass } from "./button";

/**
 * Previous / next links for keyset pagination: the page knows only its neighbours (no page numbers),
 * which is what keeps deep pages as fast as the first one.
 */
export function Pagination({
  prevHref,
  nextHref,
  summary,
  label = "Pagination",
}: {
  prevHref?: string | null;
  nextHref?: string | null;
  summary?: React.ReactNode;
  label?: string;
}) {
  if (!prevHref && !nextHref && !summary) return null;
  return (
    <nav aria-label={label} className="mt-4 flex flex-wrap items-center justify-between gap-2 text-sm">
      <p className="text-slate-600">{summary}</p>
      <div className="flex gap-2">
        {prevHref ? (
          <Link href={prevHref} className={buttonClass("secondary")} rel="prev">
            ← Previous
          </Link>
        ) : (
          <span className={buttonClass("secondary", "pointer-events-none opacity-50")} aria-disabled="true">
            ← Previous
          </span>
        )}
        {nextHref ? (
          <Link href={nextHref} className={buttonClass("secondary")} rel="next">
            Next →
          </Link>
        ) : (
          <span className={buttonClass("secondary", "pointer-events-none opacity-50")} aria-disabled="true">
            Next →
          </span>
        )}
      </div>
    </nav>
  );
}

/** Builds a URL for the current page with some search params changed (undefined/"" removes one). */
export function withParams(
  path: string,
  current: Record<string, string | undefined>,
  changes: Record<string, string | undefined | null>,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...current, ...changes })) if (value) params.set(key, value);
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}
