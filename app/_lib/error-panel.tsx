"use client";

import { useRouter } from "next/navigation";
import { startTransition, useEffect } from "react";
import { useDatabaseOutage } from "@/app/_lib/use-database-outage";

/**
 * What an error boundary shows. When the database is down: a calm "unavailable, retrying" notice that
 * re-renders the page by itself once it is back (the blast keeps sending: the workers wait for the
 * database too). Otherwise the generic message. Never a stack trace: the digest lets an operator find
 * the error in the server log.
 */
export function ErrorPanel({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const outage = useDatabaseOutage();
  const router = useRouter();
  useEffect(() => {
    if (outage !== "recovered") return;
    startTransition(() => {
      router.refresh();
      reset();
    });
  }, [outage, router, reset]);

  if (outage === "down" || outage === "recovered") {
    return (
      <div role="status" data-testid="database-unavailable" className="rounded-lg bg-amber-50 p-6 text-amber-900">
        <h2 className="text-lg font-semibold">Database unavailable, retrying…</h2>
        <p className="mt-1 text-sm">
          Blast cannot reach its database right now. This page comes back by itself as soon as it can; blasts already sending wait and then
          go on, nothing is lost or sent twice.
        </p>
      </div>
    );
  }
  return (
    <div role="alert" className="rounded-lg bg-red-50 p-6 text-red-800">
      <h2 className="text-lg font-semibold">Something went wrong</h2>
      <p className="mt-1 text-sm">
        Nothing you entered was lost. Try again; if it keeps happening, tell your administrator
        {error.digest ? ` (reference ${error.digest})` : ""}.
      </p>
      <button onClick={reset} className="mt-4 rounded-md bg-red-700 px-3 py-1.5 text-sm text-white">
        Try again
      </button>
    </div>
  );
}
