"use client";

import Link from "next/link";
import { Td } from "@/components/ui/table";
import { BlastStatusBadge, KindBadge } from "@/components/blasts/status-badge";
import { StampTime, type Stamp } from "@/components/ui/stamp";

/** One blast of the list, as plain data: numbers and times already written out by the server. */
export type BlastRowData = {
  id: string;
  subject: string;
  createdByName: string;
  kind: "BLAST" | "DIRECT";
  urgent: boolean;
  status: string;
  recipients: string;
  sent: string;
  skipped: string;
  failed: string;
  hasFailed: boolean;
  created: Stamp;
  scheduled: Stamp | null;
};

/**
 * The blast list's rows, rendered from data rather than sent as markup (as the recipient table does, see
 * app/(dashboard)/blasts/[id]/recipient-rows.tsx). Per-row links do not prefetch.
 */
export function BlastRows({ rows }: { rows: BlastRowData[] }) {
  return rows.map((b) => (
    <tr key={b.id} className="hover:bg-slate-50" data-testid="blast-row">
      <Td className="max-w-xs">
        <Link prefetch={false} href={`/blasts/${b.id}`} className="font-medium text-brand-700 hover:underline">
          {b.subject}
        </Link>
        <p className="text-xs text-slate-500">by {b.createdByName}</p>
      </Td>
      <Td>
        <KindBadge kind={b.kind} urgent={b.urgent} />
      </Td>
      <Td>
        <BlastStatusBadge status={b.status} />
      </Td>
      <Td className="text-right tabular-nums">{b.recipients}</Td>
      <Td className="text-right tabular-nums">{b.sent}</Td>
      <Td className="hidden text-right tabular-nums lg:table-cell">{b.skipped}</Td>
      <Td className={`text-right tabular-nums ${b.hasFailed ? "font-medium text-red-700" : ""}`}>{b.failed}</Td>
      <Td className="whitespace-nowrap">
        <StampTime stamp={b.created} />
      </Td>
      <Td className="hidden whitespace-nowrap md:table-cell">
        {b.scheduled ? <StampTime stamp={b.scheduled} /> : <span className="text-slate-400">—</span>}
      </Td>
    </tr>
  ));
}
