import Link from "next/link";
import { activityLabel } from "@/lib/activity/activity-types";
import type { ActivityRow } from "@/lib/activity/list-activity";
import { formatInZone } from "@/lib/settings/time-zones";
import { Table, Td, Th } from "@/components/ui/table";
import { describeDetail } from "./describe-detail";
import { displayName } from "@/lib/customers/display-name";

/** The history as a table; the customer column is left out on a customer's own page. */
export function ActivityTable({ rows, timeZone, showCustomer = true }: { rows: ActivityRow[]; timeZone: string; showCustomer?: boolean }) {
  return (
    <Table caption="Activity" data-testid="activity-table">
      <thead>
        <tr>
          <Th>When</Th>
          <Th>What</Th>
          {showCustomer ? <Th>Customer</Th> : null}
          <Th className="hidden lg:table-cell">Blast</Th>
          <Th className="hidden md:table-cell">Details</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((a) => (
          <tr key={a.id}>
            <Td className="whitespace-nowrap text-slate-600">
              <time dateTime={a.at.toISOString()}>{formatInZone(a.at, timeZone)}</time>
            </Td>
            <Td className="font-medium" data-testid="activity-type">
              {activityLabel(a.type)}
            </Td>
            {showCustomer ? (
              <Td>
                {a.customer ? (
                  <Link prefetch={false} href={`/customers/${a.customer.id}`} className="text-brand-700 hover:underline">
                    {displayName(a.customer, a.customer.email)}
                  </Link>
                ) : (
                  "—"
                )}
              </Td>
            ) : null}
            <Td className="hidden lg:table-cell">
              {a.blast ? (
                <Link prefetch={false} href={`/blasts/${a.blast.id}`} className="text-brand-700 hover:underline">
                  {a.blast.subject}
                </Link>
              ) : (
                "—"
              )}
            </Td>
            <Td className="hidden text-slate-600 md:table-cell">
              {[describeDetail(a.detail), a.user ? `by ${a.user.name}` : ""].filter(Boolean).join(" · ")}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
