import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireTenant } from "@/app/_lib/tenant";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getCustomer } from "@/lib/customers/get-customer";
import { listActivity } from "@/lib/activity/list-activity";
import { formatInZone } from "@/lib/settings/time-zones";
import { emailTemplates, templateKeys } from "@/emails";
import { EmptyState } from "@/components/ui/empty-state";
import { FlashRegion } from "@/components/ui/flash";
import { Card } from "@/components/ui/page-header";
import { Pagination, withParams } from "@/components/ui/pagination";
import { ActivityTable } from "../../activity/activity-table";
import { CustomerStatusBadges } from "../customer-badges";
import { CustomerActions } from "./customer-actions";
import { SendEmailForm } from "./send-email-form";
import { sendToCustomerAction } from "./send-action";

export const metadata: Metadata = { title: "Customer" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ after?: string; before?: string }> };

export default async function CustomerPage({ params, searchParams }: Props) {
  const tenant = await requireTenant();
  const { id } = await params;
  const { after, before } = await searchParams;
  const db = await getDb();
  const customer = await getCustomer(db, { accountId: tenant.accountId, customerId: id }).catch((e) => {
    if (e instanceof AppError && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const activity = await listActivity(db, { accountId: tenant.accountId, filters: { customerId: customer.id }, after, before, pageSize: 20 });
  const name = `${customer.firstName} ${customer.lastName}`.trim() || customer.email;
  const zone = tenant.account.timeZone;
  const templates = templateKeys.map((key) => ({ key, name: emailTemplates[key].name, defaultSubject: emailTemplates[key].defaultSubject }));
  const cannotSend = customer.optedOutAt ? "This customer opted out: emails to them are not sent." : customer.status === "INACTIVE" ? "This customer is inactive: reactivate them to email them." : null;

  return (
    <div className="space-y-6">
      <FlashRegion />
      <div>
        <Link href="/customers" className="text-sm text-brand-700 hover:underline">← Customers</Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold" data-testid="customer-name">{name}</h1>
          <CustomerStatusBadges status={customer.status} optedOutAt={customer.optedOutAt} />
        </div>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Details">
          <CustomerActions
            customer={{ id: customer.id, status: customer.status, optedOut: Boolean(customer.optedOutAt), firstName: customer.firstName, lastName: customer.lastName, email: customer.email, phone: customer.phone, tags: customer.tags.join(", ") }}
          >
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
              <dt className="text-slate-600">Email</dt><dd className="break-all" data-testid="customer-email">{customer.email}</dd>
              <dt className="text-slate-600">Phone</dt><dd>{customer.phone || "—"}</dd>
              <dt className="text-slate-600">Tags</dt><dd data-testid="customer-tags">{customer.tags.join(", ") || "—"}</dd>
              <dt className="text-slate-600">Added</dt><dd>{formatInZone(customer.createdAt, zone)}</dd>
              {customer.optedOutAt ? (<><dt className="text-slate-600">Opted out</dt><dd>{formatInZone(customer.optedOutAt, zone)}</dd></>) : null}
            </dl>
          </CustomerActions>
        </Card>
        <Card title="Send an email">
          <SendEmailForm customerId={customer.id} templates={templates} disabledReason={cannotSend} send={sendToCustomerAction} />
        </Card>
      </div>
      <section aria-labelledby="activity-title">
        <h2 id="activity-title" className="mb-3 text-lg font-semibold">Activity</h2>
        {activity.rows.length ? (
          <ActivityTable rows={activity.rows} timeZone={zone} showCustomer={false} />
        ) : (
          <EmptyState title="Nothing has happened with this customer yet" />
        )}
        <Pagination
          label="Activity pages"
          prevHref={activity.prevCursor ? withParams(`/customers/${customer.id}`, {}, { before: activity.prevCursor }) : null}
          nextHref={activity.nextCursor ? withParams(`/customers/${customer.id}`, {}, { after: activity.nextCursor }) : null}
        />
      </section>
    </div>
  );
}
