export default function Loading() {
  return (
    <p className="text-slate-500" role="status">
      Loading…
    </p>
  );
}
