"use client";

import Link from "next/link";
import { Td } from "@/components/ui/table";
import { CustomerStatusBadges } from "./customer-badges";

/** One customer of the list, as plain data: the name already chosen by the server ("(no name)" too). */
export type CustomerRow = { id: string; name: string; email: string; tags: string; status: "ACTIVE" | "INACTIVE"; optedOut: boolean };

/**
 * The customer list's rows, rendered from data rather than sent as markup: as server components each row
 * went over the wire as a tree of elements with its class names (twice, the payload and the HTML), and
 * React split the rows past the first 3,200 bytes into chunks of their own that the HTML render waited
 * for. Per-row links do not prefetch: 50 of them would be 50 server renders per visit.
 */
export function CustomerRows({ rows }: { rows: CustomerRow[] }) {
  return rows.map((c) => (
    <tr key={c.id} className="hover:bg-slate-50">
      <Td>
        <Link prefetch={false} href={`/customers/${c.id}`} className="font-medium text-brand-700 hover:underline">
          {c.name}
        </Link>
      </Td>
      <Td className="break-all">{c.email}</Td>
      <Td className="hidden md:table-cell">{c.tags}</Td>
      <Td>
        <CustomerStatusBadges status={c.status} optedOut={c.optedOut} />
      </Td>
    </tr>
  ));
}
