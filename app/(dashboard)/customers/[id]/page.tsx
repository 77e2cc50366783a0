import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireTenant } from "@/app/_lib/tenant";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getCustomer } from "@/lib/customers/get-customer";
import { listActivity } from "@/lib/activity/list-activity";
import { listCustomerDeliveries } from "@/lib/deliveries/list-customer-deliveries";
import { formatInZone } from "@/lib/settings/time-zones";
import { emailTemplates, templateKeys } from "@/emails";
import { EmptyState } from "@/components/ui/empty-state";
import { FlashRegion } from "@/components/ui/flash";
import { Card } from "@/components/ui/page-header";
import { Pagination, withParams } from "@/components/ui/pagination";
import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { DeliveryStatusBadge } from "@/components/blasts/status-badge";
import { ActivityTable } from "../../activity/activity-table";
import { DeliveryReport, reportOf } from "../../blasts/[id]/delivery-report";
import { CustomerStatusBadges } from "../customer-badges";
import { CustomerActions } from "./customer-actions";
import { SendEmailForm } from "./send-email-form";
import { sendToCustomerAction } from "./send-action";
import { displayName } from "@/lib/customers/display-name";

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
  const [activity, emails] = await Promise.all([
    listActivity(db, { accountId: tenant.accountId, filters: { customerId: customer.id }, after, before, pageSize: 20 }),
    listCustomerDeliveries(db, { accountId: tenant.accountId, customerId: customer.id }),
  ]);
  const name = displayName(customer, customer.email);
  const zone = tenant.account.timeZone;
  const templates = templateKeys.map((key) => ({
    key,
    name: emailTemplates[key].name,
    defaultSubject: emailTemplates[key].defaultSubject,
  }));
  const cannotSend = customer.optedOutAt
    ? "This customer opted out: emails to them are not sent."
    : customer.status === "INACTIVE"
      ? "This customer is inactive: reactivate them to email them."
      : null;

  return (
    <div className="space-y-6">
      <FlashRegion />
      <div>
        <Link href="/customers" className="text-sm text-brand-700 hover:underline">
          ← Customers
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold" data-testid="customer-name">
            {name}
          </h1>
          <CustomerStatusBadges status={customer.status} optedOut={customer.optedOutAt !== null} />
        </div>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Details">
          <CustomerActions
            customer={{
              id: customer.id,
              status: customer.status,
              optedOut: Boolean(customer.optedOutAt),
              firstName: customer.firstName,
              lastName: customer.lastName,
              email: customer.email,
              phone: customer.phone,
              tags: customer.tags.join(", "),
            }}
          >
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
              <dt className="text-slate-600">Email</dt>
              <dd className="break-all" data-testid="customer-email">
                {customer.email}
              </dd>
              <dt className="text-slate-600">Phone</dt>
              <dd>{customer.phone || "—"}</dd>
              <dt className="text-slate-600">Tags</dt>
              <dd data-testid="customer-tags">{customer.tags.join(", ") || "—"}</dd>
              <dt className="text-slate-600">Added</dt>
              <dd>{formatInZone(customer.createdAt, zone)}</dd>
              {customer.optedOutAt ? (
                <>
                  <dt className="text-slate-600">Opted out</dt>
                  <dd>{formatInZone(customer.optedOutAt, zone)}</dd>
                </>
              ) : null}
            </dl>
          </CustomerActions>
        </Card>
        <Card title="Send an email">
          <SendEmailForm customerId={customer.id} templates={templates} disabledReason={cannotSend} send={sendToCustomerAction} />
        </Card>
      </div>
      <section aria-labelledby="emails-title">
        <h2 id="emails-title" className="mb-3 text-lg font-semibold">
          Emails
        </h2>
        {emails.rows.length ? (
          <Table caption="Emails to this customer" data-testid="customer-emails">
            <thead>
              <tr>
                <Th>Email</Th>
                <Th>Sent</Th>
                <Th>Status</Th>
                <Th>Delivery report</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {emails.rows.map((e) => (
                <tr key={e.id} data-testid="customer-email-row" data-status={e.status} data-outcome={e.outcome ?? ""}>
                  <Td>
                    <Link prefetch={false} href={`/blasts/${e.blastId}`} className="font-medium text-brand-700 hover:underline">
                      {e.subject}
                    </Link>
                    {e.kind === "DIRECT" ? (
                      <span className="ml-2">
                        <Badge tone="blue">Direct</Badge>
                      </span>
                    ) : null}
                  </Td>
                  <Td className="whitespace-nowrap text-slate-600">
                    {e.sentAt ? <time dateTime={e.sentAt.toISOString()}>{formatInZone(e.sentAt, zone)}</time> : "—"}
                  </Td>
                  <Td>
                    <DeliveryStatusBadge status={e.status} />
                    {e.reason && e.status !== "SENT" ? (
                      <p className="mt-0.5 max-w-xs text-xs text-slate-600">{e.reason.replaceAll("_", " ")}</p>
                    ) : null}
                  </Td>
                  <Td>
                    <DeliveryReport {...reportOf(e, zone)} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        ) : (
          <EmptyState title="No emails to this customer yet">
            Blasts they are part of and emails sent from this page show up here.
          </EmptyState>
        )}
        {emails.total > emails.rows.length ? (
          <p className="mt-2 text-sm text-slate-600">
            The {emails.rows.length} most recent of {emails.total} emails.{" "}
            <Link href={withParams("/activity", {}, { customerId: customer.id })} className="text-brand-700 hover:underline">
              All of this customer&rsquo;s history
            </Link>
          </p>
        ) : null}
      </section>
      <section aria-labelledby="activity-title">
        <h2 id="activity-title" className="mb-3 text-lg font-semibold">
          Activity
        </h2>
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
