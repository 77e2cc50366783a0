"use server";

import { revalidatePath } from "next/cache";
import { tenantAction } from "@/app/_lib/tenant-action";
import { dispatchAfterResponse } from "@/app/_lib/dispatch-events";
import { directSendSchema } from "@/lib/blasts/blast.validation";
import { requestDirectSend } from "@/lib/blasts/request-direct-send";

/** "Send email" on a customer's page: a one-recipient blast through the same per-customer worker. */
export const sendToCustomerAction = tenantAction(directSendSchema, async (input, { tenant, db }) => {
  const { blastId, eventIds } = await requestDirectSend(db, { accountId: tenant.accountId, userId: tenant.userId }, input);
  dispatchAfterResponse(eventIds);
  revalidatePath(`/customers/${input.customerId}`);
  return { blastId };
});
