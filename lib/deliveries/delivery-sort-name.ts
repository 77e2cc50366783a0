import { Prisma } from "@/lib/generated/prisma/client";

/**
 * What the recipient table sorts a blast's deliveries by: the customer's last name, then first name, as
 * they were when the blast started (prisma/migrations/20261203150000_delivery_sort_name). One definition
 * for the set-based fan-out (SQL over "Customer" c) and for a single delivery written from JavaScript.
 */
export const DELIVERY_SORT_NAME_SQL = Prisma.sql`c."lastName" || ' ' || c."firstName"`;

export function deliverySortName(customer: { firstName: string; lastName: string }): string {
  return `${customer.lastName} ${customer.firstName}`;
}
