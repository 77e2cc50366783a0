import { activityLabel } from "@/lib/activity/activity-types";
import type { ActivityRow } from "@/lib/activity/list-activity";
import { formatInZone } from "@/lib/settings/time-zones";
import { Table, Th } from "@/components/ui/table";
import { stampOf } from "@/components/ui/stamp";
import { describeDetail } from "./describe-detail";
import { displayName } from "@/lib/customers/display-name";
import { ActivityRows } from "./activity-rows";

/**
 * The history as a table; the customer column is left out on a customer's own page. The rows go to the
 * browser as data, worded and timed here (see activity-rows.tsx).
 */
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
        <ActivityRows
          showCustomer={showCustomer}
          rows={rows.map((a) => ({
            id: a.id,
            at: stampOf(a.at, (d) => formatInZone(d, timeZone)),
            what: activityLabel(a.type),
            customer: a.customer ? { id: a.customer.id, name: displayName(a.customer, a.customer.email) } : null,
            blast: a.blast,
            details: [describeDetail(a.detail), a.user ? `by ${a.user.name}` : ""].filter(Boolean).join(" · "),
          }))}
        />
      </tbody>
    </Table>
  );
}
