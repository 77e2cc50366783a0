export default function Loading() {
  return (
    <div role="status" aria-label="Loading templates" className="animate-pulse space-y-4">
      <div className="h-8 w-40 rounded bg-slate-200" />
      <div className="grid gap-3 md:grid-cols-3">
        {[0, 1, 2].map((i) => (
          <div key={i} className="h-28 rounded-lg bg-slate-200" />
        ))}
      </div>
      <div className="h-96 rounded-lg bg-slate-100" />
      <span className="sr-only">Loading…</span>
    </div>
  );
}
