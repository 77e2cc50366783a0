"use server";

import { revalidatePath } from "next/cache";
import { tenantAction } from "@/app/_lib/tenant-action";
import { dispatchAfterResponse } from "@/app/_lib/dispatch-events";
import { resolveActivityFilters } from "@/lib/activity/list-activity";
import { requestActivityExport } from "@/lib/activity/export-activity";
import { AppError } from "@/lib/errors";
import { activityFilterSchema } from "./activity.validation";

/** Starts a CSV export of the history with the filters on screen; the file is built in the background. */
export const requestExportAction = tenantAction(activityFilterSchema, async (input, { tenant, db }) => {
  const { filters, unknownCustomer } = await resolveActivityFilters(db, {
    accountId: tenant.accountId,
    timeZone: tenant.account.timeZone,
    filters: input,
  });
  if (unknownCustomer) throw new AppError("INVALID", "No customer has that email address: there is nothing to export.");
  const { exportId, eventIds } = await requestActivityExport(db, { accountId: tenant.accountId, userId: tenant.userId, filters });
  dispatchAfterResponse(eventIds);
  revalidatePath("/activity");
  return { exportId };
});
