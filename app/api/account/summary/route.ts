import { NextResponse } from "next/server";
import { getTenant } from "@/app/_lib/tenant";

/**
 * What the sidebar shows on every page (the credit balance), read again by the sidebar after each
 * navigation and every few seconds while the tab is visible: a blast reserves and refunds credits in
 * the background, and a layout is not re-rendered on client navigation.
 */
export async function GET() {
  const tenant = await getTenant();
  const headers = { "cache-control": "no-store" };
  if (!tenant) return NextResponse.json({ error: "Your session has ended. Please sign in again." }, { status: 401, headers });
  return NextResponse.json({ creditBalance: tenant.account.creditBalance }, { headers });
}
