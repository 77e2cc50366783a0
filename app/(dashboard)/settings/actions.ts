"use server";

import { revalidatePath } from "next/cache";
import { tenantAction } from "@/app/_lib/tenant-action";
import { updateAccountSettings } from "@/lib/settings/account-settings";
import { settingsSchema } from "./settings.validation";

/** Owners only: the sender identity is what every customer sees on every email. */
export const updateSettingsAction = tenantAction(
  settingsSchema,
  async (input, { tenant, db }) => {
    await updateAccountSettings(db, { accountId: tenant.accountId, userId: tenant.userId }, input);
    revalidatePath("/", "layout");
  },
  { role: "OWNER" },
);
