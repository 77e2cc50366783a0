import { getDb } from "@/lib/db";
import { appUrl, getEnv } from "@/lib/env";
import { createMailer, mailConfigFromEnv, type Mailer } from "@/lib/mail";
import { verificationConfigFromEnv } from "@/lib/verification";
import type { ComposeSettings } from "@/lib/deliveries/compose-delivery-email";

/**
 * The one place that builds Blast's services from the validated configuration: the database, the mailer
 * (the only door to Resend), address verification and the settings emails are composed with. Server
 * actions, route handlers and the Inngest functions all take them from here; the mailer is built once
 * per process.
 */
let mailer: Mailer | undefined;

/** How emails are composed (links, unsubscribe signing, the platform's sending address). */
export function composeSettings(): ComposeSettings {
  const env = getEnv();
  return { appUrl: appUrl(env), unsubscribeSecret: env.UNSUBSCRIBE_SECRET, from: env.MAIL_FROM };
}

export async function services() {
  mailer ??= createMailer(mailConfigFromEnv());
  return { db: await getDb(), mailer, verification: verificationConfigFromEnv(), compose: composeSettings() };
}
