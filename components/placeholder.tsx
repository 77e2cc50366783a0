/** A page whose feature is not built yet says so plainly instead of pretending. */
export function Placeholder({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section>
      <h1 className="text-2xl font-semibold">{title}</h1>
      <div className="mt-4 rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600" data-testid="placeholder">
        {children}
      </div>
    </section>
  );
}
