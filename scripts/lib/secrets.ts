import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * Secrets for the embedded setup, generated once and kept in DATA_DIR/secrets.json (mode 600) so that
 * sessions and unsubscribe links survive a restart. Production sets them in the environment instead,
 * and values in the environment always win.
 *
 * The two Inngest keys are only handed out when the local executor is the engine: it signs every call
 * to /api/inngest with INNGEST_SIGNING_KEY (so the route runs nothing for anyone else) and accepts
 * events only with INNGEST_EVENT_KEY, exactly as Inngest Cloud does.
 */
export type AppSecrets = { AUTH_SECRET: string; UNSUBSCRIBE_SECRET: string; RESEND_WEBHOOK_SECRET: string };
export type EngineSecrets = { INNGEST_SIGNING_KEY: string; INNGEST_EVENT_KEY: string };
export type LocalSecrets = AppSecrets & EngineSecrets;

/** A key in the SDK's format: `signkey-<env>-<hex>` (the hex part is the HMAC key). */
export function generateSigningKey(): string {
  return `signkey-local-${randomBytes(32).toString("hex")}`;
}

export function loadOrCreateSecrets(dataDir: string): LocalSecrets {
  const file = path.join(dataDir, "secrets.json");
  let stored: Partial<LocalSecrets> = {};
  if (fs.existsSync(file)) stored = JSON.parse(fs.readFileSync(file, "utf8"));
  const secrets: LocalSecrets = {
    AUTH_SECRET: stored.AUTH_SECRET ?? randomBytes(32).toString("base64url"),
    UNSUBSCRIBE_SECRET: stored.UNSUBSCRIBE_SECRET ?? randomBytes(32).toString("base64url"),
    RESEND_WEBHOOK_SECRET: stored.RESEND_WEBHOOK_SECRET ?? `whsec_${randomBytes(24).toString("base64")}`,
    INNGEST_SIGNING_KEY: stored.INNGEST_SIGNING_KEY ?? generateSigningKey(),
    INNGEST_EVENT_KEY: stored.INNGEST_EVENT_KEY ?? randomBytes(24).toString("hex"),
  };
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
