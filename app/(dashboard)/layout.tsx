import Link from "next/link";
import { requireTenant } from "@/app/_lib/tenant";
import { CreditBalance } from "@/components/credit-balance";
import { NavLinks } from "@/components/nav-links";
import { signOutAction } from "./actions";

// Every dashboard page is per-request: it reads the session and the tenant's data.
export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const tenant = await requireTenant();
  return (
    <div className="min-h-screen md:flex">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
        Skip to content
      </a>
      <aside className="border-b border-slate-200 bg-white md:min-h-screen md:w-60 md:border-b-0 md:border-r">
        <div className="flex items-center justify-between gap-4 p-4 md:block">
          <Link href="/blasts" className="text-xl font-semibold text-brand-900">
            Blast
          </Link>
          <div className="text-sm md:mt-4">
            <p className="font-medium" data-testid="account-name">
              {tenant.account.name}
            </p>
            <CreditBalance initial={tenant.account.creditBalance} />
          </div>
        </div>
        <nav aria-label="Main" className="px-2 pb-2 md:px-3">
          <NavLinks role={tenant.role} />
        </nav>
        <div className="flex items-center justify-between gap-2 border-t border-slate-200 p-4 text-sm md:block">
          <p data-testid="agent-name" className="font-medium">
            {tenant.user.name}
          </p>
          <p className="text-slate-600">
            {tenant.user.email} · {tenant.role === "OWNER" ? "Owner" : "Agent"}
          </p>
          <form action={signOutAction} className="md:mt-3">
            <button type="submit" className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100">
              Sign out
            </button>
          </form>
        </div>
      </aside>
      <main id="main" className="flex-1 p-4 md:p-8">
        {tenant.account.suspended && (
          <p
            role="status"
            data-testid="suspended-banner"
            className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
          >
            Your agency is suspended: you can still see everything, but no blast or email can be sent. Contact Blast support to reactivate
            it.
          </p>
        )}
        {children}
      </main>
    </div>
  );
}
