import type { Metadata } from "next";
import Link from "next/link";
import { requireTenant } from "@/app/_lib/tenant";
import { getDb } from "@/lib/db";
import { ACTIVITY_TYPES } from "@/lib/activity/activity-types";
import { listActivity, listBlastChoices, resolveActivityFilters } from "@/lib/activity/list-activity";
import { listExports } from "@/lib/activity/export-activity";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { FlashRegion } from "@/components/ui/flash";
import { Input, Select } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination, withParams } from "@/components/ui/pagination";
import { ActivityTable } from "./activity-table";
import { activityPageParams } from "./activity.validation";
import { ExportPanel } from "./export-panel";

export const metadata: Metadata = { title: "Activity" };

export default async function ActivityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const tenant = await requireTenant();
  const { after, before, ...typed } = activityPageParams.parse(await searchParams);
  const db = await getDb();
  const zone = tenant.account.timeZone;
  const { filters, unknownCustomer } = await resolveActivityFilters(db, { accountId: tenant.accountId, timeZone: zone, filters: typed });
  const [page, blasts, exports] = await Promise.all([
    unknownCustomer
      ? Promise.resolve({ rows: [], nextCursor: null, prevCursor: null })
      : listActivity(db, { accountId: tenant.accountId, filters, after, before }),
    listBlastChoices(db, tenant.accountId),
    listExports(db, tenant.accountId),
  ]);
  const filtered = Object.values(typed).some(Boolean);
  const label = "block text-sm font-medium text-slate-700";

  return (
    <div>
      <FlashRegion />
      <PageHeader title="Activity" description={`Everything that happened in your agency, newest first. Times are in ${zone}.`} />
      {/* Keyed by the filters: a client navigation (Clear, back) must reset the uncontrolled fields. */}
      <form
        key={JSON.stringify(typed)}
        role="search"
        aria-label="Filter activity"
        method="get"
        className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-6"
      >
        {typed.customerId ? <input type="hidden" name="customerId" value={typed.customerId} /> : null}
        <div>
          <label htmlFor="type" className={label}>
            Type
          </label>
          <Select id="type" name="type" defaultValue={typed.type ?? ""} className="mt-1">
            <option value="">All types</option>
            {Object.entries(ACTIVITY_TYPES).map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <label htmlFor="customer" className={label}>
            Customer email
          </label>
          <Input
            id="customer"
            name="customer"
            type="search"
            defaultValue={typed.customer}
            placeholder="name@example.com"
            className="mt-1"
          />
        </div>
        <div>
          <label htmlFor="blastId" className={label}>
            Blast
          </label>
          <Select id="blastId" name="blastId" defaultValue={typed.blastId ?? ""} className="mt-1">
            <option value="">All blasts</option>
            {blasts.map((b) => (
              <option key={b.id} value={b.id}>
                {b.subject} ({b.createdAt.toISOString().slice(0, 10)})
              </option>
            ))}
          </Select>
        </div>
        <div>
          <label htmlFor="from" className={label}>
            From
          </label>
          <Input id="from" name="from" type="date" defaultValue={typed.from} className="mt-1" />
        </div>
        <div>
          <label htmlFor="to" className={label}>
            To (inclusive)
          </label>
          <Input id="to" name="to" type="date" defaultValue={typed.to} className="mt-1" />
        </div>
        <div className="flex items-end gap-2">
          <button type="submit" className={buttonClass("primary")}>
            Apply
          </button>
          {filtered ? (
            <Link href="/activity" className={buttonClass("ghost")}>
              Clear
            </Link>
          ) : null}
        </div>
      </form>

      <ExportPanel
        filters={typed}
        exports={exports.map((e) => ({
          id: e.id,
          status: e.status,
          rowCount: e.rowCount,
          createdAt: e.createdAt.toISOString(),
          note: e.error,
        }))}
        timeZone={zone}
      />

      {page.rows.length ? (
        <ActivityTable rows={page.rows} timeZone={zone} />
      ) : unknownCustomer ? (
        <EmptyState title="No customer has that email address">Check the spelling, or clear the customer filter.</EmptyState>
      ) : (
        <EmptyState title={filtered ? "Nothing matches these filters" : "No activity yet"}>
          {filtered ? "Widen the dates or clear a filter." : "Blasts, emails, imports and changes to customers will show up here."}
        </EmptyState>
      )}
      <Pagination
        label="Activity pages"
        prevHref={page.prevCursor ? withParams("/activity", typed, { before: page.prevCursor }) : null}
        nextHref={page.nextCursor ? withParams("/activity", typed, { after: page.nextCursor }) : null}
      />
    </div>
  );
}
