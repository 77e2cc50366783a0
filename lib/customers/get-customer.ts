import type { Db } from "@/lib/db";
import { notFound } from "@/lib/errors";

/** One customer of the account; another agency's id is simply "not found". */
export async function getCustomer(db: Db, input: { accountId: string; customerId: string }) {
  const customer = await db.customer.findFirst({ where: { id: input.customerId, accountId: input.accountId } });
  if (!customer) throw notFound("Customer");
  return customer;
}
