import type { Metadata } from "next";
import Link from "next/link";
import { requireTenant } from "@/app/_lib/tenant";
import { getDb } from "@/lib/db";
import { listCustomers } from "@/lib/customers/list-customers";
import { tagsInUse } from "@/lib/customers/tags-in-use";
import { ButtonLink, buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { FlashRegion } from "@/components/ui/flash";
import { Input, Select } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination, withParams } from "@/components/ui/pagination";
import { Table, Th } from "@/components/ui/table";
import { CustomerRows } from "./customer-rows";
import { customerListParams } from "./customer.validation";
import { displayName, NO_NAME } from "@/lib/customers/display-name";

export const metadata: Metadata = { title: "Customers" };

export default async function CustomersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const tenant = await requireTenant();
  const params = customerListParams.parse(await searchParams);
  const db = await getDb();
  const filters = { q: params.q, status: params.status, tag: params.tag, optedOut: params.optedOut };
  const [page, tags] = await Promise.all([
    listCustomers(db, { accountId: tenant.accountId, filters, after: params.after, before: params.before }),
    tagsInUse(db, tenant.accountId),
  ]);
  const current = { q: params.q, status: params.status, tag: params.tag, optedOut: params.optedOut };
  const filtered = Object.values(current).some(Boolean);
  const count = `${page.total.toLocaleString("en-US")}${page.capped ? "+" : ""}`;

  return (
    <div>
      <FlashRegion />
      <PageHeader
        title="Customers"
        description={
          filtered
            ? `${count} matching customer${page.total === 1 ? "" : "s"}`
            : `${count} customer${page.total === 1 ? "" : "s"} in your agency`
        }
        actions={
          <>
            <ButtonLink href="/customers/import">Import CSV</ButtonLink>
            <ButtonLink href="/customers/new" variant="primary">
              Add customer
            </ButtonLink>
          </>
        }
      />
      {/* Keyed by the filters: a client navigation (Clear, back) must reset the uncontrolled fields. */}
      <form
        key={JSON.stringify(current)}
        role="search"
        aria-label="Filter customers"
        method="get"
        className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-[2fr_1fr_1fr_1fr_auto]"
      >
        <div>
          <label htmlFor="q" className="block text-sm font-medium text-slate-700">
            Search
          </label>
          <Input id="q" name="q" type="search" defaultValue={params.q} placeholder="Name or email" className="mt-1" />
        </div>
        <div>
          <label htmlFor="status" className="block text-sm font-medium text-slate-700">
            Status
          </label>
          <Select id="status" name="status" defaultValue={params.status ?? ""} className="mt-1">
            <option value="">Any</option>
            <option value="ACTIVE">Active</option>
            <option value="INACTIVE">Inactive</option>
          </Select>
        </div>
        <div>
          <label htmlFor="tag" className="block text-sm font-medium text-slate-700">
            Tag
          </label>
          <Select id="tag" name="tag" defaultValue={params.tag ?? ""} className="mt-1">
            <option value="">Any</option>
            {tags.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <label htmlFor="optedOut" className="block text-sm font-medium text-slate-700">
            Opted out
          </label>
          <Select id="optedOut" name="optedOut" defaultValue={params.optedOut ?? ""} className="mt-1">
            <option value="">Any</option>
            <option value="no">Can be emailed</option>
            <option value="yes">Opted out</option>
          </Select>
        </div>
        <div className="flex items-end gap-2">
          <button type="submit" className={buttonClass("primary")}>
            Apply
          </button>
          {filtered ? (
            <Link href="/customers" className={buttonClass("ghost")}>
              Clear
            </Link>
          ) : null}
        </div>
      </form>

      {page.rows.length === 0 ? (
        filtered ? (
          <EmptyState title="No customer matches these filters">Try another spelling, or clear the filters.</EmptyState>
        ) : (
          <EmptyState
            title="No customers yet"
            action={
              <div className="flex justify-center gap-2">
                <ButtonLink href="/customers/import">Import a CSV</ButtonLink>
                <ButtonLink href="/customers/new" variant="primary">
                  Add customer
                </ButtonLink>
              </div>
            }
          >
            Add your customers one by one or import them from a spreadsheet.
          </EmptyState>
        )
      ) : (
        <Table caption="Customers" data-testid="customer-table">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Email</Th>
              <Th className="hidden md:table-cell">Tags</Th>
              <Th>Status</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            <CustomerRows
              rows={page.rows.map((c) => ({
                id: c.id,
                name: displayName(c, NO_NAME),
                email: c.email,
                tags: c.tags.join(", "),
                status: c.status,
                optedOut: c.optedOutAt !== null,
              }))}
            />
          </tbody>
        </Table>
      )}
      <Pagination
        label="Customer pages"
        prevHref={page.prevCursor ? withParams("/customers", current, { before: page.prevCursor }) : null}
        nextHref={page.nextCursor ? withParams("/customers", current, { after: page.nextCursor }) : null}
        summary={page.rows.length ? `Showing ${page.rows.length} of ${count}` : null}
      />
    </div>
  );
}
