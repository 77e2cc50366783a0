import type { Metadata } from "next";
import Link from "next/link";
import { requireTenant } from "@/app/_lib/tenant";
import { getDb } from "@/lib/db";
import { listBlasts } from "@/lib/blasts/list-blasts";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { FlashRegion } from "@/components/ui/flash";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Table, Td, Th } from "@/components/ui/table";
import { BlastStatusBadge, KindBadge } from "@/components/blasts/status-badge";
import { formatInZone } from "@/components/blasts/zoned-time";

export const metadata: Metadata = { title: "Blasts" };

const n = (v: number) => v.toLocaleString("en-US");

export default async function BlastsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const tenant = await requireTenant();
  const raw = (await searchParams).page;
  const requested = Number(Array.isArray(raw) ? raw[0] : raw) || 1;
  const list = await listBlasts(await getDb(), { accountId: tenant.accountId, page: requested });
  const tz = tenant.account.timeZone;
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
            {list.rows.map((b) => (
              <tr key={b.id} className="hover:bg-slate-50" data-testid="blast-row">
                <Td className="max-w-xs">
                  <Link prefetch={false} href={`/blasts/${b.id}`} className="font-medium text-brand-700 hover:underline">
                    {b.subject}
                  </Link>
                  <p className="text-xs text-slate-500">by {b.createdByName}</p>
                </Td>
                <Td>
                  <KindBadge kind={b.kind} urgent={b.priority === "URGENT"} />
                </Td>
                <Td>
                  <BlastStatusBadge status={b.status} />
                </Td>
                <Td className="text-right tabular-nums">{b.recipientCount ? n(b.recipientCount) : "—"}</Td>
                <Td className="text-right tabular-nums">{n(b.sentCount)}</Td>
                <Td className="hidden text-right tabular-nums lg:table-cell">{n(b.skippedCount)}</Td>
                <Td className={`text-right tabular-nums ${b.failedCount ? "font-medium text-red-700" : ""}`}>{n(b.failedCount)}</Td>
                <Td className="whitespace-nowrap">
                  <time dateTime={b.createdAt.toISOString()}>{formatInZone(b.createdAt, tz)}</time>
                </Td>
                <Td className="hidden whitespace-nowrap md:table-cell">
                  {b.scheduledAt ? (
                    <time dateTime={b.scheduledAt.toISOString()}>{formatInZone(b.scheduledAt, tz)}</time>
                  ) : (
                    <span className="text-slate-400">—</span>
                  )}
                </Td>
              </tr>
            ))}
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
