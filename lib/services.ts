import { getDb } from "@/lib/db";
import { appUrl, getEnv } from "@/lib/env";
import { createMailer, mailConfigFromEnv, type Mailer } from "@/lib/mail";
import { verificationConfigFromEnv } from "@/lib/verification";
import type { ComposeSettings } from "@/lib/deliveries/compose-delivery-email";
import { inlineProviderDoor, type ProviderDoor } from "@/lib/deliveries/provider-door";

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

/** Kept on globalThis, like the database client: the worker script and the route it hosts share it. */
const installed = globalThis as unknown as { blastProviderDoor?: ProviderDoor };

/**
 * How provider requests leave this process: the worker script installs a door that runs in a thread of
 * its own (scripts/lib/provider-thread.ts); without one, they leave inline.
 */
export function installProviderDoor(door: ProviderDoor): void {
  installed.blastProviderDoor = door;
}

export async function services() {
  mailer ??= createMailer(mailConfigFromEnv());
  const db = await getDb();
  const door = installed.blastProviderDoor ?? inlineProviderDoor(db, mailer);
  return { db, mailer, door, verification: verificationConfigFromEnv(), compose: composeSettings() };
}
