import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * Secrets for the embedded setup, generated once and kept in DATA_DIR/secrets.json (mode 600) so that
 * sessions and unsubscribe links survive a restart. Production sets them in the environment instead,
 * and values in the environment always win.
 */
export type LocalSecrets = { AUTH_SECRET: string; UNSUBSCRIBE_SECRET: string; RESEND_WEBHOOK_SECRET: string };

export function loadOrCreateSecrets(dataDir: string): LocalSecrets {
  const file = path.join(dataDir, "secrets.json");
  let stored: Partial<LocalSecrets> = {};
  if (fs.existsSync(file)) stored = JSON.parse(fs.readFileSync(file, "utf8"));
  const secrets: LocalSecrets = {
    AUTH_SECRET: stored.AUTH_SECRET ?? randomBytes(32).toString("base64url"),
    UNSUBSCRIBE_SECRET: stored.UNSUBSCRIBE_SECRET ?? randomBytes(32).toString("base64url"),
    RESEND_WEBHOOK_SECRET: stored.RESEND_WEBHOOK_SECRET ?? `whsec_${randomBytes(24).toString("base64")}`,
  };
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
