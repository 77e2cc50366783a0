import type { Metadata } from "next";
import { requireTenant } from "@/app/_lib/tenant";
import { getDb } from "@/lib/db";
import { listBlasts } from "@/lib/blasts/list-blasts";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { FlashRegion } from "@/components/ui/flash";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Table, Th } from "@/components/ui/table";
import { stampOf } from "@/components/ui/stamp";
import { BlastRows } from "./blast-rows";
import { formatInZone } from "@/components/blasts/zoned-time";

export const metadata: Metadata = { title: "Blasts" };

const n = (v: number) => v.toLocaleString("en-US");

export default async function BlastsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const tenant = await requireTenant();
  const raw = (await searchParams).page;
  const requested = Number(Array.isArray(raw) ? raw[0] : raw) || 1;
  const list = await listBlasts(await getDb(), { accountId: tenant.accountId, page: requested });
  const tz = tenant.account.timeZone;
  const when = (d: Date) => formatInZone(d, tz);
  const href = (page: number) => (page <= 1 ? "/blasts" : `/blasts?page=${page}`);

  return (
    <div>
      <FlashRegion />
      <PageHeader
        title="Blasts"
        description={list.total ? `${n(list.total)} email${list.total === 1 ? "" : "s"} sent or scheduled · times in ${tz}` : undefined}
        actions={
          <ButtonLink href="/blasts/new" variant="primary">
            New blast
          </ButtonLink>
        }
      />
      {list.rows.length === 0 ? (
        <EmptyState
          title="No blasts yet"
          action={
            <ButtonLink href="/blasts/new" variant="primary">
              Compose your first blast
            </ButtonLink>
          }
        >
          Send an announcement, a holiday greeting or disaster claims help to your customers — now or at a time you pick.
        </EmptyState>
      ) : (
        <Table caption="Blasts" data-testid="blast-table">
          <thead>
            <tr>
              <Th>Subject</Th>
              <Th>Kind</Th>
              <Th>Status</Th>
              <Th className="text-right">Recipients</Th>
              <Th className="text-right">Sent</Th>
              <Th className="hidden text-right lg:table-cell">Skipped</Th>
              <Th className="text-right">Failed</Th>
              <Th>Created</Th>
              <Th className="hidden md:table-cell">Scheduled for</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            <BlastRows
              rows={list.rows.map((b) => ({
                id: b.id,
                subject: b.subject,
                createdByName: b.createdByName,
                kind: b.kind,
                urgent: b.priority === "URGENT",
                status: b.status,
                // Numbers written out here: the browser's locale data need not match the server's.
                recipients: b.recipientCount ? n(b.recipientCount) : "—",
                sent: n(b.sentCount),
                skipped: n(b.skippedCount),
                failed: n(b.failedCount),
                hasFailed: b.failedCount > 0,
                created: stampOf(b.createdAt, when),
                scheduled: b.scheduledAt ? stampOf(b.scheduledAt, when) : null,
              }))}
            />
          </tbody>
        </Table>
      )}
      <Pagination
        label="Blast pages"
        prevHref={list.page > 1 ? href(list.page - 1) : null}
        nextHref={list.page < list.pageCount ? href(list.page + 1) : null}
        summary={list.total > list.pageSize ? `Page ${list.page} of ${list.pageCount}` : null}
      />
    </div>
  );
}
