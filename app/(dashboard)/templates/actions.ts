"use server";

import { tenantAction } from "@/app/_lib/tenant-action";
import { composeSettings } from "@/lib/services";
import { listCustomers } from "@/lib/customers/list-customers";
import { previewCustomerEmail } from "@/lib/customers/preview-customer-email";
import { customerSearchSchema, previewSchema } from "./template.validation";
import { displayName, NO_NAME } from "@/lib/customers/display-name";

/** Renders on the server: the browser receives html and text, never the React Email code. */
export const previewTemplateAction = tenantAction(previewSchema, async (input, { tenant, db }) => {
  return previewCustomerEmail(db, { accountId: tenant.accountId, ...input }, composeSettings());
});

/** Customers to preview as, found by name or email. */
export const findPreviewCustomersAction = tenantAction(customerSearchSchema, async ({ q }, { tenant, db }) => {
  const page = await listCustomers(db, { accountId: tenant.accountId, filters: { q }, pageSize: 20 });
  return page.rows.map((c) => ({ id: c.id, label: `${displayName(c, NO_NAME)} <${c.email}>` }));
});
