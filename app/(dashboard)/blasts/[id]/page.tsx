import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireTenant } from "@/app/_lib/tenant";
import { getDb } from "@/lib/db";
import { blastProgress, getBlast } from "@/lib/blasts/get-blast";
import { DELIVERY_STATUSES, listDeliveries, OUTCOME_FILTERS, type OutcomeFilter } from "@/lib/deliveries/list-deliveries";
import { selectionSchema } from "@/lib/blasts/selection";
import { emailTemplates, isTemplateKey } from "@/emails";
import type { DeliveryStatus } from "@/lib/generated/prisma/client";
import { EmptyState } from "@/components/ui/empty-state";
import { FlashRegion } from "@/components/ui/flash";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination, withParams } from "@/components/ui/pagination";
import { Table, Th } from "@/components/ui/table";
import { deliveryStatusLabel, KindBadge } from "@/components/blasts/status-badge";
import { formatInZone } from "@/components/blasts/zoned-time";
import { BlastLive } from "./blast-live";
import { outcomeFilterLabel, reportOf, stamp } from "./delivery-report";
import { RecipientRows } from "./recipient-rows";

export const metadata: Metadata = { title: "Blast" };

function describeSelection(raw: unknown): string {
  const parsed = selectionSchema.safeParse(raw);
  if (!parsed.success) return "—";
  const s = parsed.data;
  if (s.mode === "all") return "All active customers";
  if (s.mode === "tag") return `Customers tagged ${s.tags.join(", ")}`;
  return `${s.ids.length} hand-picked customer${s.ids.length === 1 ? "" : "s"}`;
}

export default async function BlastPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const tenant = await requireTenant();
  const { id } = await params;
  const sp = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const statusParam = one(sp.status)?.toUpperCase();
  const status = DELIVERY_STATUSES.includes(statusParam as DeliveryStatus) ? (statusParam as DeliveryStatus) : undefined;
  const outcomeParam = one(sp.outcome)?.toUpperCase();
  const outcome = OUTCOME_FILTERS.includes(outcomeParam as OutcomeFilter) ? (outcomeParam as OutcomeFilter) : undefined;
  const db = await getDb();
  const blast = await getBlast(db, { accountId: tenant.accountId, blastId: id });
  if (!blast) notFound();
  const deliveries = await listDeliveries(db, {
    accountId: tenant.accountId,
    blastId: blast.id,
    status,
    outcome,
    page: Number(one(sp.page)) || 1,
  });
  const tz = tenant.account.timeZone;
  const path = `/blasts/${blast.id}`;
  const current = { status: status?.toLowerCase(), outcome: outcome?.toLowerCase() };
  const template = isTemplateKey(blast.templateKey) ? emailTemplates[blast.templateKey].name : blast.templateKey;
  const allCount = Object.values(deliveries.byStatus).reduce((a, b) => a + b, 0);
  const progress = blastProgress(blast);
  // The outcome filter's counts come from the blast's counters, not from counting 100,000 rows per view.
  const r = progress.reports;
  const byOutcome: Record<OutcomeFilter, number> = {
    DELIVERED: r.delivered,
    DELAYED: r.delayed,
    BOUNCED: r.bounced,
    COMPLAINED: r.complained,
    NONE: r.awaiting,
  };
  const filterLabel = outcome ? outcomeFilterLabel(outcome) : status ? deliveryStatusLabel(status) : null;

  return (
    <div className="space-y-6">
      <FlashRegion />
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/blasts" className="text-brand-700 hover:underline">
          ← All blasts
        </Link>
      </nav>
      <PageHeader
        title={blast.subject}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <KindBadge kind={blast.kind} urgent={blast.priority === "URGENT"} />
            <span>{template}</span>·<span>{describeSelection(blast.selection)}</span>
          </span>
        }
      />
      <BlastLive initial={progress} timeZone={tz} kind={blast.kind} />

      <section
        aria-label="Details"
        className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm md:grid-cols-2 md:p-6"
      >
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
          <dt className="text-slate-500">Created</dt>
          <dd>
            <time dateTime={blast.createdAt.toISOString()}>{formatInZone(blast.createdAt, tz)}</time> by {blast.createdByName}
          </dd>
          {blast.scheduledAt ? (
            <>
              <dt className="text-slate-500">Scheduled for</dt>
              <dd>
                <time dateTime={blast.scheduledAt.toISOString()}>{formatInZone(blast.scheduledAt, tz, { weekday: true })}</time>
              </dd>
            </>
          ) : null}
          {blast.startedAt ? (
            <>
              <dt className="text-slate-500">Started</dt>
              <dd>
                <time dateTime={blast.startedAt.toISOString()}>{formatInZone(blast.startedAt, tz)}</time>
              </dd>
            </>
          ) : null}
          {blast.completedAt ? (
            <>
              <dt className="text-slate-500">Finished</dt>
              <dd>
                <time dateTime={blast.completedAt.toISOString()}>{formatInZone(blast.completedAt, tz)}</time>
              </dd>
            </>
          ) : null}
          <dt className="text-slate-500">Priority</dt>
          <dd>{blast.priority === "URGENT" ? "Urgent (jumps the sending queue)" : "Normal"}</dd>
          {blast.retryRound > 0 ? (
            <>
              <dt className="text-slate-500">Retries</dt>
              <dd>{blast.retryRound}</dd>
            </>
          ) : null}
        </dl>
        <div>
          <p className="text-slate-500">Custom message</p>
          <p className="mt-1 whitespace-pre-wrap text-slate-800">{blast.customMessage || <span className="text-slate-400">(none)</span>}</p>
        </div>
      </section>

      <section aria-labelledby="recipients-title">
        <h2 id="recipients-title" className="mb-3 text-lg font-semibold text-slate-900">
          Recipients
        </h2>
        <nav aria-label="Filter recipients by status" className="mb-3 flex flex-wrap gap-2" data-testid="delivery-filter">
          {[undefined, ...DELIVERY_STATUSES].map((s) => {
            const active = s === status && !outcome;
            const count = s ? deliveries.byStatus[s] : allCount;
            if (s && count === 0 && !active) return null;
            return (
              <Link
                prefetch={false}
                key={s ?? "all"}
                href={withParams(path, {}, { status: s?.toLowerCase() })}
                aria-current={active ? "page" : undefined}
                className={`rounded-full border px-3 py-1 text-sm ${active ? "border-brand-600 bg-brand-50 font-medium text-brand-700" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-100"}`}
              >
                {s ? deliveryStatusLabel(s) : "All"} <span className="tabular-nums">({count})</span>
              </Link>
            );
          })}
        </nav>
        {blast.sentCount > 0 ? (
          <nav
            aria-label="Filter recipients by delivery report"
            className="mb-3 flex flex-wrap items-center gap-2"
            data-testid="outcome-filter"
          >
            <span className="text-sm text-slate-600">Delivery report:</span>
            {OUTCOME_FILTERS.map((o) => {
              const active = o === outcome;
              if (byOutcome[o] === 0 && !active) return null;
              return (
                <Link
                  prefetch={false}
                  key={o}
                  href={withParams(path, {}, { outcome: o.toLowerCase() })}
                  aria-current={active ? "page" : undefined}
                  className={`rounded-full border px-3 py-1 text-sm ${active ? "border-brand-600 bg-brand-50 font-medium text-brand-700" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-100"}`}
                >
                  {outcomeFilterLabel(o)} <span className="tabular-nums">({byOutcome[o]})</span>
                </Link>
              );
            })}
          </nav>
        ) : null}
        {deliveries.rows.length === 0 ? (
          outcome ? (
            <EmptyState
              title={outcome === "NONE" ? "Every sent email has a delivery report" : `No recipients with “${outcomeFilterLabel(outcome)}”`}
            >
              Pick another filter above, or All to see every recipient.
            </EmptyState>
          ) : (
            <EmptyState title={status ? `No ${deliveryStatusLabel(status).toLowerCase()} recipients` : "No recipients yet"}>
              {status
                ? "Pick another status above."
                : blast.status === "SCHEDULED"
                  ? "The recipient list is built when the blast starts."
                  : "The recipient list appears here as soon as the blast starts."}
            </EmptyState>
          )
        ) : (
          <Table caption={`Recipients${filterLabel ? ` (${filterLabel})` : ""}`} data-testid="delivery-table">
            <thead>
              <tr>
                <Th>Customer</Th>
                <Th>Email</Th>
                <Th>Status</Th>
                <Th>Delivery report</Th>
                <Th>Reason</Th>
                <Th className="text-right">Attempts</Th>
                <Th>Updated</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              <RecipientRows
                rows={deliveries.rows.map((d) => ({
                  id: d.id,
                  customerId: d.customerId,
                  customerName: d.customerName,
                  email: d.email,
                  reason: d.reason,
                  attempts: d.attempts,
                  updated: stamp(d.updatedAt, tz),
                  report: reportOf(d, tz),
                }))}
              />
            </tbody>
          </Table>
        )}
        <Pagination
          label="Recipient pages"
          prevHref={deliveries.page > 1 ? withParams(path, current, { page: String(deliveries.page - 1) }) : null}
          nextHref={deliveries.page < deliveries.pageCount ? withParams(path, current, { page: String(deliveries.page + 1) }) : null}
          summary={
            deliveries.total > deliveries.pageSize
              ? `Page ${deliveries.page} of ${deliveries.pageCount} · ${deliveries.total} recipients`
              : null
          }
        />
      </section>
    </div>
  );
}
