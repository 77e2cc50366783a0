import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadOrCreateSecrets } from "./secrets";
import { DEFAULT_POOL_SIZE } from "../../lib/db-pool";

/**
 * How the app reaches the background engine, and so who may call its /api/inngest route:
 * - local: local/inngest, started by us, signing every call with a generated key (the route refuses
 *   anything unsigned, as in production);
 * - dev-server: a real `inngest-cli dev` the user runs (INNGEST_DEV, or INNGEST_BASE_URL without a
 *   signing key). The dev server does not sign, so the route is open: loopback only unless forced;
 * - cloud: Inngest Cloud or self-hosted Inngest, with INNGEST_SIGNING_KEY (and INNGEST_EVENT_KEY).
 */
export type EngineMode = "local" | "dev-server" | "cloud";

const isSet = (v: string | undefined) => !!v && v !== "0" && v.toLowerCase() !== "false";
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/;

export function engineMode(base: Record<string, string | undefined>): EngineMode {
  if (isSet(base.INNGEST_DEV)) return "dev-server";
  if (base.INNGEST_SIGNING_KEY) return "cloud";
  return base.INNGEST_BASE_URL ? "dev-server" : "local";
}

/**
 * Decides, from the environment, which real services Blast uses and which local stand-ins must run,
 * and computes the environment of every process. A configured real service always wins:
 * INNGEST_BASE_URL (or Inngest Cloud keys) → no local/inngest; RESEND_API_KEY → no local/resend.
 */
export type StackPlan = {
  appEnv: Record<string, string | undefined>;
  appUrl: string;
  dataDir: string;
  inngest: { mode: EngineMode; local: boolean; port: number; url: string; env: Record<string, string | undefined> };
  resend: { local: boolean; port: number; url: string; env: Record<string, string | undefined> };
  /** The processes serving /api/inngest: the engine calls them, never the app. */
  /**
   * nice: the workers' scheduling priority (WORKER_NICE, 10), also given to the local stand-ins of hosted
   * services (engine, sink) — the dashboard gets the CPU first. backendNice: the same for the workers'
   * backends of the embedded PostgreSQL (lib/db-backend-priority.ts); 0 for an external server.
   */
  workers: { processes: number; port: number; host: string; serveUrl: string; nice: number; backendNice: number };
  /** No DATABASE_URL: the embedded PostgreSQL server, started by `npm start` before anything else. */
  database: { embedded: boolean; port: number; maxConnections: number };
};

/**
 * One worker per two cores by default (at least one): the app keeps a core for pages and actions, and
 * each worker process is one event loop running steps.
 */
export function defaultWorkerProcesses(cores = os.availableParallelism()): number {
  return Math.max(1, Math.floor(cores / 2));
}

export function planStack(base: Record<string, string | undefined>, mode: "production" | "development"): StackPlan {
  const dataDir = path.resolve(base.DATA_DIR || ".data");
  const port = Number(base.PORT || 3000);
  const host = base.HOST || "127.0.0.1";
  const appUrl = (base.APP_URL || `http://localhost:${port}`).replace(/\/$/, "");
  const { INNGEST_SIGNING_KEY, INNGEST_EVENT_KEY, ...secrets } = loadOrCreateSecrets(dataDir);

  const engine = engineMode(base);
  const inngestLocal = engine === "local";
  const inngestPort = Number(base.INNGEST_PORT || 8288);
  const inngestUrl =
    base.INNGEST_BASE_URL ||
    (engine === "dev-server" && /^https?:/.test(base.INNGEST_DEV ?? "") ? base.INNGEST_DEV! : `http://127.0.0.1:${inngestPort}`);

  const resendLocal = !base.RESEND_API_KEY;
  const sinkPort = Number(base.RESEND_SINK_PORT || 3025);
  const sinkUrl = `http://127.0.0.1:${sinkPort}`;

  const appEnv: Record<string, string | undefined> = {
    ...secrets,
    ...base,
    NODE_ENV: mode,
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_TRUST_HOST: "true",
    // No AUTH_URL by default: with AUTH_TRUST_HOST Auth.js answers on whatever address the browser used
    // (localhost, 127.0.0.1, a proxy's X-Forwarded-Host). A fixed AUTH_URL sent a browser that signed in
    // at 127.0.0.1 to localhost, where its cookie does not exist: a silent sign-in loop.
    APP_URL: appUrl,
    PORT: String(port),
    HOSTNAME: host,
    DATA_DIR: dataDir,
  };
  // The local executor is run like Inngest Cloud: signed calls, keyed events. Never dev mode.
  if (inngestLocal) Object.assign(appEnv, { INNGEST_DEV: undefined, INNGEST_BASE_URL: inngestUrl, INNGEST_SIGNING_KEY, INNGEST_EVENT_KEY });
  if (engine === "dev-server") appEnv.INNGEST_DEV = isSet(base.INNGEST_DEV) ? base.INNGEST_DEV : "1";
  if (resendLocal) Object.assign(appEnv, { RESEND_BASE_URL: sinkUrl, RESEND_API_KEY: "re_local_sink" });

  const workerProcesses = Number(base.WORKER_PROCESSES) || defaultWorkerProcesses();
  const workerPort = Number(base.WORKER_PORT || port + 1);
  const workerHost = base.WORKER_HOST || "127.0.0.1";
  const serveUrl = `http://127.0.0.1:${workerPort}/api/inngest`;
  const poolSize = Number(base.DATABASE_POOL_SIZE) || DEFAULT_POOL_SIZE;
  const nice = Math.max(0, Math.min(19, Number(base.WORKER_NICE ?? 10) || 0));
  return {
    appEnv,
    appUrl,
    dataDir,
    workers: { processes: workerProcesses, port: workerPort, host: workerHost, serveUrl, nice, backendNice: base.DATABASE_URL ? 0 : nice },
    database: {
      embedded: !base.DATABASE_URL,
      port: Number(base.EMBEDDED_POSTGRES_PORT || port + 2433),
      // Every worker's pool and the app's, plus room for migrations, the admin CLI and psql.
      maxConnections: Math.max(100, (workerProcesses + 1) * poolSize + 20),
    },
    inngest: {
      mode: engine,
      local: inngestLocal,
      port: inngestPort,
      url: inngestUrl,
      env: {
        ...process.env,
        INNGEST_PORT: String(inngestPort),
        INNGEST_DATA_DIR: path.join(dataDir, "inngest"),
        INNGEST_SERVE_URL: serveUrl,
        INNGEST_SIGNING_KEY,
        INNGEST_LOCAL_EVENT_KEY: INNGEST_EVENT_KEY,
      },
    },
    resend: {
      local: resendLocal,
      port: sinkPort,
      url: sinkUrl,
      env: {
        ...process.env,
        RESEND_SINK_PORT: String(sinkPort),
        RESEND_SINK_DATA_DIR: path.join(dataDir, "resend"),
        // To the worker processes, which serve the same route: a webhook per email event stays off the dashboard.
        RESEND_SINK_WEBHOOK_URL: `http://127.0.0.1:${workerPort}/api/webhooks/resend`,
        RESEND_WEBHOOK_SECRET: appEnv.RESEND_WEBHOOK_SECRET,
      },
    },
  };
}

/** One line for the start banner: which engine, and whether /api/inngest checks signatures. */
export function describeEngine(plan: StackPlan): string {
  if (plan.inngest.mode === "local") return `Background engine: local Inngest executor at ${plan.inngest.url} (signed calls only)`;
  if (plan.inngest.mode === "cloud")
    return `Background engine: Inngest at ${plan.appEnv.INNGEST_BASE_URL || "Inngest Cloud"} (cloud mode, signed calls only)`;
  return `Background engine: Inngest dev server at ${plan.inngest.url} (dev mode: /api/inngest accepts unsigned calls; keep it on loopback)`;
}

/**
 * Dev mode leaves /api/inngest open to anyone who can reach the app (the dev server does not sign), so
 * binding anything but loopback in that mode is refused unless INNGEST_DEV_ALLOW_REMOTE=1 says the
 * operator knows.
 */
export function exposureProblem(plan: StackPlan): string | null {
  const host = String(plan.appEnv.HOSTNAME);
  if (plan.inngest.mode !== "dev-server" || LOOPBACK.test(host) || isSet(plan.appEnv.INNGEST_DEV_ALLOW_REMOTE)) return null;
  return [
    `Refusing to bind HOST=${host} in Inngest dev mode: /api/inngest would run functions for anyone who can reach it.`,
    "Use Inngest with a signing key (INNGEST_SIGNING_KEY), leave INNGEST_BASE_URL/INNGEST_DEV unset to use the signed local executor,",
    "bind to 127.0.0.1, or set INNGEST_DEV_ALLOW_REMOTE=1 if this machine's network is private.",
  ].join("\n");
}

/** A stand-in exists once its entry point is in the tree (each arrives with its own issue). */
export function standInExists(entry: string): boolean {
  return fs.existsSync(path.resolve(entry));
}
