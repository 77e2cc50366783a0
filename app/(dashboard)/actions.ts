"use server";

import { signOut } from "@/auth";
import { getDb } from "@/lib/db";
import { endSessions } from "@/lib/auth/load-tenant";
import { getTenant } from "@/app/_lib/tenant";

/** Signs out and ends the session everywhere: the old cookie, if replayed, is refused (sessionVersion). */
export async function signOutAction(): Promise<void> {
  const tenant = await getTenant();
  if (tenant) await endSessions(await getDb(), tenant.userId);
  await signOut({ redirectTo: "/login" });
}
