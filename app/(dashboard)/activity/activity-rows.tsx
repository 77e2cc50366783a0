"use client";

import Link from "next/link";
import { Td } from "@/components/ui/table";
import { StampTime, type Stamp } from "@/components/ui/stamp";

/** One fact of the history, as plain data: worded, named and timed by the server. */
export type ActivityRowData = {
  id: string;
  at: Stamp;
  what: string;
  customer: { id: string; name: string } | null;
  blast: { id: string; subject: string } | null;
  details: string;
};

/**
 * The history's rows, rendered from data rather than sent as markup (as the recipient table does, see
 * app/(dashboard)/blasts/[id]/recipient-rows.tsx): as server components each row went over the wire as a
 * tree of elements with its class names, and React split the rows past the first 3,200 bytes into chunks
 * the HTML render waited for. Per-row links do not prefetch: 50 of them would be 50 server renders.
 */
export function ActivityRows({ rows, showCustomer }: { rows: ActivityRowData[]; showCustomer: boolean }) {
  return rows.map((a) => (
    <tr key={a.id}>
      <Td className="whitespace-nowrap text-slate-600">
        <StampTime stamp={a.at} />
      </Td>
      <Td className="font-medium" data-testid="activity-type">
        {a.what}
      </Td>
      {showCustomer ? (
        <Td>
          {a.customer ? (
            <Link prefetch={false} href={`/customers/${a.customer.id}`} className="text-brand-700 hover:underline">
              {a.customer.name}
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
      <Td className="hidden text-slate-600 md:table-cell">{a.details}</Td>
    </tr>
  ));
}
