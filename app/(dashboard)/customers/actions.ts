"use server";

import { revalidatePath } from "next/cache";
import { tenantAction } from "@/app/_lib/tenant-action";
import { createCustomer, updateCustomer } from "@/lib/customers/save-customer";
import { setCustomerState } from "@/lib/customers/set-customer-state";
import { importCustomers, previewCustomerImport } from "@/lib/customers/import-customers";
import { customerSchema, customerStateSchema, importFileSchema, updateCustomerSchema } from "./customer.validation";

export const createCustomerAction = tenantAction(customerSchema, async (input, { tenant, db }) => {
  const created = await createCustomer(db, tenant, input);
  revalidatePath("/customers");
  return created;
});

export const updateCustomerAction = tenantAction(updateCustomerSchema, async ({ customerId, ...input }, { tenant, db }) => {
  await updateCustomer(db, { ...tenant, customerId }, input);
  revalidatePath("/customers");
  revalidatePath(`/customers/${customerId}`);
});

export const setCustomerStateAction = tenantAction(customerStateSchema, async (input, { tenant, db }) => {
  const message = await setCustomerState(db, { ...tenant, customerId: input.customerId }, input);
  revalidatePath("/customers");
  revalidatePath(`/customers/${input.customerId}`);
  return message;
});

export const previewImportAction = tenantAction(importFileSchema, async ({ file }, { tenant, db }) =>
  previewCustomerImport(db, { accountId: tenant.accountId, text: await file.text() }),
);

export const importCustomersAction = tenantAction(importFileSchema, async ({ file }, { tenant, db }) => {
  const report = await importCustomers(db, { ...tenant, text: await file.text(), fileName: file.name.slice(0, 200) });
  revalidatePath("/customers");
  return report;
});
