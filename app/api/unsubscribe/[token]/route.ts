import { NextResponse } from "next/server";
import { getDb } from "@/lib/db";
import { appUrl, getEnv } from "@/lib/env";
import { unsubscribeCustomer } from "@/lib/unsubscribe";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ token: string }> };

/** RFC 8058 one-click: the mail client POSTs `List-Unsubscribe=One-Click` here; no page, no session. */
export async function POST(_req: Request, { params }: Ctx) {
  const { token } = await params;
  const result = await unsubscribeCustomer({ db: await getDb(), secret: getEnv().UNSUBSCRIBE_SECRET, token, via: "one-click" });
  if (!result.ok) return new NextResponse("Invalid unsubscribe link.\n", { status: 404, headers: { "content-type": "text/plain" } });
  return new NextResponse("You have been unsubscribed.\n", {
    status: 200,
    headers: { "content-type": "text/plain", "cache-control": "no-store" },
  });
}

/** Some clients open the List-Unsubscribe URL in a browser: send them to the confirmation page (a GET never unsubscribes). */
export async function GET(_req: Request, { params }: Ctx) {
  const { token } = await params;
  // appUrl(), not req.url: behind a proxy the request URL can name an internal host.
  return NextResponse.redirect(`${appUrl()}/unsubscribe/${encodeURIComponent(token)}`, 303);
}
