import { getDb } from "@/lib/db";
import { appUrl, getEnv } from "@/lib/env";
import { createMailer, mailConfigFromEnv, type Mailer } from "@/lib/mail";
import { verificationConfigFromEnv } from "@/lib/verification";
import type { ComposeSettings } from "@/lib/deliveries/compose-delivery-email";

/** What the functions need from the process: the database, the mailer and settings, built once. */
let mailer: Mailer | undefined;

export async function runtime() {
  const env = getEnv();
  mailer ??= createMailer(mailConfigFromEnv());
  const compose: ComposeSettings = { appUrl: appUrl(env), unsubscribeSecret: env.UNSUBSCRIBE_SECRET, from: env.MAIL_FROM };
  return { db: await getDb(), mailer, verification: verificationConfigFromEnv(), compose };
}
