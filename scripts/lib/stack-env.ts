import fs from "node:fs";
import path from "node:path";
import { loadOrCreateSecrets } from "./secrets";

/**
 * Decides, from the environment, which real services Blast uses and which local stand-ins must run,
 * and computes the environment of every process. A configured real service always wins:
 * INNGEST_BASE_URL (or Inngest Cloud keys) → no local/inngest; RESEND_API_KEY → no local/resend.
 */
export type StackPlan = {
  appEnv: Record<string, string | undefined>;
  appUrl: string;
  dataDir: string;
  inngest: { local: boolean; port: number; url: string; env: Record<string, string | undefined> };
  resend: { local: boolean; port: number; url: string; env: Record<string, string | undefined> };
};

export function planStack(base: Record<string, string | undefined>, mode: "production" | "development"): StackPlan {
  const dataDir = path.resolve(base.DATA_DIR || ".data");
  const port = Number(base.PORT || 3000);
  const host = base.HOST || "127.0.0.1";
  const appUrl = (base.APP_URL || `http://localhost:${port}`).replace(/\/$/, "");
  const secrets = loadOrCreateSecrets(dataDir);

  const inngestLocal = !base.INNGEST_BASE_URL && !base.INNGEST_SIGNING_KEY;
  const inngestPort = Number(base.INNGEST_PORT || 8288);
  const inngestUrl = base.INNGEST_BASE_URL || `http://127.0.0.1:${inngestPort}`;

  const resendLocal = !base.RESEND_API_KEY;
  const sinkPort = Number(base.RESEND_SINK_PORT || 3025);
  const sinkUrl = `http://127.0.0.1:${sinkPort}`;

  const appEnv: Record<string, string | undefined> = {
    ...secrets,
    ...base,
    NODE_ENV: mode,
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_TRUST_HOST: "true",
    AUTH_URL: base.AUTH_URL || appUrl,
    APP_URL: appUrl,
    PORT: String(port),
    HOSTNAME: host,
    DATA_DIR: dataDir,
  };
  if (inngestLocal) Object.assign(appEnv, { INNGEST_DEV: "1", INNGEST_BASE_URL: inngestUrl });
  if (resendLocal) Object.assign(appEnv, { RESEND_BASE_URL: sinkUrl, RESEND_API_KEY: "re_local_sink" });

  const serveUrl = `http://127.0.0.1:${port}/api/inngest`;
  return {
    appEnv,
    appUrl,
    dataDir,
    inngest: {
      local: inngestLocal,
      port: inngestPort,
      url: inngestUrl,
      env: { ...process.env, INNGEST_PORT: String(inngestPort), INNGEST_DATA_DIR: path.join(dataDir, "inngest"), INNGEST_SERVE_URL: serveUrl },
    },
    resend: {
      local: resendLocal,
      port: sinkPort,
      url: sinkUrl,
      env: {
        ...process.env,
        RESEND_SINK_PORT: String(sinkPort),
        RESEND_SINK_DATA_DIR: path.join(dataDir, "resend"),
        RESEND_SINK_WEBHOOK_URL: `http://127.0.0.1:${port}/api/webhooks/resend`,
        RESEND_WEBHOOK_SECRET: appEnv.RESEND_WEBHOOK_SECRET,
      },
    },
  };
}

/** A stand-in exists once its entry point is in the tree (each arrives with its own issue). */
export function standInExists(entry: string): boolean {
  return fs.existsSync(path.resolve(entry));
}
