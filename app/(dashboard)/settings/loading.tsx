export default function Loading() {
  return (
    <div role="status" aria-label="Loading settings" className="animate-pulse space-y-4">
      <div className="h-8 w-40 rounded bg-slate-200" />
      <div className="h-80 rounded-lg bg-slate-200" />
      <div className="grid gap-6 lg:grid-cols-2">
        <div className="h-40 rounded-lg bg-slate-100" />
        <div className="h-40 rounded-lg bg-slate-100" />
      </div>
      <span className="sr-only">Loading…</span>
    </div>
  );
}
