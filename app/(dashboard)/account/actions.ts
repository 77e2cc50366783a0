"use server";

import { revalidatePath } from "next/cache";
import { signIn } from "@/auth";
import { tenantAction } from "@/app/_lib/tenant-action";
import { changePassword } from "@/lib/auth/change-password";
import { updateOwnName } from "@/lib/team/update-profile";
import { changePasswordSchema, profileSchema } from "@/lib/team/team.validation";

// Every agent's own profile: the tenant's user id is the only one these touch.

export const updateProfileAction = tenantAction(profileSchema, async ({ name }, { tenant, db }) => {
  await updateOwnName(db, { accountId: tenant.accountId, userId: tenant.userId }, name);
  revalidatePath("/", "layout");
  return "Name saved.";
});

/**
 * Changing the password ends every session of this agent (sessionVersion bumped), this one included;
 * this browser is then signed in again with the new password, so only the other sessions end.
 */
export const changePasswordAction = tenantAction(changePasswordSchema, async ({ currentPassword, newPassword }, { tenant, db }) => {
  const { email } = await changePassword(db, { accountId: tenant.accountId, userId: tenant.userId }, { currentPassword, newPassword });
  try {
    await signIn("credentials", { email, password: newPassword, redirect: false });
    return { signedIn: true };
  } catch (error) {
    console.error("[account] re-sign-in after a password change failed", error);
    return { signedIn: false };
  }
});
