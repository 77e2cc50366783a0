import { NextResponse } from "next/server";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { handleResendWebhook } from "@/lib/suppression";

export const dynamic = "force-dynamic";

/** Resend's bounce/complaint/delivery webhooks. Public (no session): the Svix signature is the authority. */
export async function POST(req: Request) {
  const rawBody = await req.text();
  const { status, body } = await handleResendWebhook({
    db: await getDb(),
    secret: getEnv().RESEND_WEBHOOK_SECRET,
    rawBody,
    headers: req.headers,
  });
  return NextResponse.json(body, { status, headers: { "cache-control": "no-store" } });
}
