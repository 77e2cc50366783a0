"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { unsubscribeCustomer } from "@/lib/unsubscribe";

/**
 * The confirmation button. Public on purpose (the recipient has no session): the signed token is the
 * only authority, and it names exactly one customer of one agency.
 */
export async function confirmUnsubscribe(token: string): Promise<void> {
  await unsubscribeCustomer({ db: await getDb(), secret: getEnv().UNSUBSCRIBE_SECRET, token, via: "page" });
  // Back to the page, which now reads the new state (and shows "invalid" for a bad token).
  redirect(`/unsubscribe/${encodeURIComponent(token)}`);
}
