import Link from "next/link";

export default function CustomerNotFound() {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-6" data-testid="not-found">
      <h1 className="text-xl font-semibold">Customer not found</h1>
      <p className="mt-1 text-sm text-slate-600">This customer does not exist in your agency, or was removed.</p>
      <Link href="/customers" className="mt-4 inline-block text-brand-700 hover:underline">
        Back to customers
      </Link>
    </div>
  );
}
