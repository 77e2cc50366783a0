export default function Loading() {
  return (
    <div role="status" aria-label="Loading activity" className="animate-pulse space-y-3">
      <div className="h-8 w-40 rounded bg-slate-200" />
      <div className="h-24 rounded-lg bg-slate-200" />
      {Array.from({ length: 10 }, (_, i) => (
        <div key={i} className="h-9 rounded bg-slate-100" />
      ))}
      <span className="sr-only">Loading…</span>
    </div>
  );
}
