import { cache } from "react";
import { redirect } from "next/navigation";
import { auth } from "@/auth";
import { getDb } from "@/lib/db";
import { loadTenant, type SessionClaims, type Tenant } from "@/lib/auth/load-tenant";

/**
 * The tenant of the current request, or null when signed out (or the session was ended). Once per
 * request: the layout and the page (or an action and the page it re-renders) both ask, and each ask
 * would decrypt the session cookie and read the user again.
 */
export const getTenant = cache(async (): Promise<Tenant | null> => {
  const session = (await auth()) as SessionClaims | null;
  return loadTenant(await getDb(), session);
});

/** For pages and layouts: the tenant, or a redirect to the sign-in page. */
export async function requireTenant(): Promise<Tenant> {
  const tenant = await getTenant();
  if (!tenant) redirect("/login");
  return tenant;
}
