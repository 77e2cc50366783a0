import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createMigratedPostgresDatabase, migrationSql } from "../../lib/testing/test-databases";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { startService, stopService, waitForHttp, type Service } from "./processes";
import { generateSigningKey } from "./secrets";
import { startTcpProxy } from "./tcp-proxy";
import { withWorkerHeap } from "./worker-heap";

/**
 * Blast's background path as separate processes, for integration tests and the benchmark:
 * local/resend (the provider), local/inngest (the engine) and the worker (the app's /api/inngest route
 * with test hooks). Every process can be SIGKILLed and started again on the same data.
 */
export type StackOptions = {
  /** postgresql://… of a server: the stack creates (and drops) a fresh migrated database on it. PGlite otherwise. */
  postgresAdminUrl?: string;
  /** "embedded": the stack runs its own embedded PostgreSQL (as `npm start` does), which the test may stop and start. */
  database?: "pglite" | "embedded";
  /**
   * With postgresAdminUrl: the workers reach the database through a TCP proxy (scripts/lib/tcp-proxy.ts),
   * so stopDatabase/startDatabase can play an outage without stopping a server other tests share.
   */
  databaseProxy?: boolean;
  /** WORKER_PROCESSES of the worker (node:cluster on one port); more than 1 needs PostgreSQL. */
  workers?: number;
  /** Extra environment of the worker: sending limits (SEND_*, PROVIDER_*). */
  workerEnv?: Record<string, string>;
  /** Extra environment of the sink: RESEND_SINK_* faults. */
  sinkEnv?: Record<string, string>;
  /**
   * The sink posts its webhooks (sent, delivered, bounced, …: two or more per email) to the worker's
   * /api/webhooks/resend, signed, as `npm start` wires it. Off by default: the benchmark measures sending.
   */
  webhooks?: boolean;
  /** INNGEST_TIME_SCALE: 0.01 turns a 15 s retry backoff into 150 ms. */
  timeScale?: number;
  quiet?: boolean;
};

export type Stack = Awaited<ReturnType<typeof startStack>>;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Host and port of a postgresql:// URL (TCP only: a proxy cannot stand in front of a Unix socket). */
function serverOf(url: string): { host: string; port: number } {
  const u = new URL(url);
  if (u.searchParams.has("host") || !u.hostname)
    throw new Error("databaseProxy needs a PostgreSQL URL with a TCP host (not a Unix socket)");
  return { host: u.hostname.replace(/^\[|\]$/g, ""), port: Number(u.port) || 5432 };
}

/** The same URL, with the proxy's address in place of the server's. */
function throughProxy(url: string, proxy: { host: string; port: number }): string {
  const u = new URL(url);
  u.hostname = proxy.host;
  u.port = String(proxy.port);
  return u.toString();
}

async function applyMigrationsToPglite(dir: string): Promise<void> {
  const { PGlite } = await import("@electric-sql/pglite");
  const pglite = new PGlite(dir);
  const root = path.resolve("prisma/migrations");
  for (const m of fs
    .readdirSync(root)
    .filter((d) => fs.statSync(path.join(root, d)).isDirectory())
    .sort()) {
    await pglite.exec(fs.readFileSync(path.join(root, m, "migration.sql"), "utf8"));
  }
  await pglite.close();
}

async function applyMigrationsToPostgres(url: string): Promise<void> {
  const { Client } = (await import("pg")).default;
  const client = new Client({ connectionString: url });
  await client.connect();
  for (const sql of migrationSql()) await client.query(sql);
  await client.end();
}

async function postJson<T>(url: string, body: unknown = {}): Promise<T> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${url} → ${res.status}: ${text.slice(0, 2000)}`);
  return JSON.parse(text) as T;
}

export async function startStack(options: StackOptions = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "blast-stack-"));
  // Reachable by the embedded server's unprivileged user when we run as root (mkdtemp makes it 700).
  fs.chmodSync(dataDir, 0o755);
  const embedded = options.database === "embedded" ? await startEmbeddedPostgres({ dataDir, port: await freePort(), quiet: true }) : null;
  if (embedded) await applyMigrationsToPostgres(embedded.url);
  const postgres = options.postgresAdminUrl ? await createMigratedPostgresDatabase(options.postgresAdminUrl) : null;
  if (!postgres && !embedded) {
    if ((options.workers ?? 1) > 1) throw new Error("several worker processes need PostgreSQL (postgresAdminUrl or database: embedded)");
    await applyMigrationsToPglite(path.join(dataDir, "pglite"));
  }
  if (options.databaseProxy && !postgres) throw new Error("databaseProxy needs postgresAdminUrl");
  const proxy = postgres && options.databaseProxy ? await startTcpProxy({ target: serverOf(postgres.url) }) : null;
  const databaseUrl = embedded?.url ?? (proxy && postgres ? throughProxy(postgres.url, proxy) : postgres?.url);
  const [sinkPort, enginePort, workerPort] = [await freePort(), await freePort(), await freePort()];
  const sinkUrl = `http://127.0.0.1:${sinkPort}`;
  const engineUrl = `http://127.0.0.1:${enginePort}`;
  const workerUrl = `http://127.0.0.1:${workerPort}`;
  const quiet = options.quiet ?? process.env.BLAST_STACK_LOGS !== "1";
  const base = { ...process.env, NODE_ENV: "production" } as Record<string, string>;
  delete base.INNGEST_DEV;
  // Signed, as `npm start` runs it: the worker refuses any call the engine did not sign with this key.
  const signingKey = generateSigningKey();
  const eventKey = `stack-event-key-${workerPort}`;
  const webhookSecret = `whsec_${randomBytes(24).toString("base64")}`;
  const webhooks = options.webhooks
    ? { RESEND_SINK_WEBHOOK_URL: `${workerUrl}/api/webhooks/resend`, RESEND_WEBHOOK_SECRET: webhookSecret }
    : {};

  const env = {
    sink: {
      ...base,
      RESEND_SINK_PORT: String(sinkPort),
      RESEND_SINK_DATA_DIR: path.join(dataDir, "resend"),
      ...webhooks,
      ...options.sinkEnv,
    },
    engine: {
      ...base,
      INNGEST_PORT: String(enginePort),
      INNGEST_DATA_DIR: path.join(dataDir, "inngest"),
      INNGEST_SERVE_URL: `${workerUrl}/api/inngest`,
      INNGEST_TIME_SCALE: String(options.timeScale ?? 0.01),
      INNGEST_LOG: quiet ? "0" : "1",
      INNGEST_SIGNING_KEY: signingKey,
      INNGEST_LOCAL_EVENT_KEY: eventKey,
    },
    worker: withWorkerHeap({
      ...base,
      DATA_DIR: dataDir,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      WORKER_PROCESSES: String(options.workers ?? 1),
      AUTH_SECRET: "x".repeat(40),
      UNSUBSCRIBE_SECRET: "y".repeat(40),
      APP_URL: "http://localhost:3000",
      INNGEST_SIGNING_KEY: signingKey,
      INNGEST_EVENT_KEY: eventKey,
      INNGEST_BASE_URL: engineUrl,
      RESEND_BASE_URL: sinkUrl,
      RESEND_API_KEY: "re_test",
      WORKER_PORT: String(workerPort),
      WORKER_TEST_HOOKS: "1",
      RESEND_WEBHOOK_SECRET: webhookSecret,
      ...options.workerEnv,
    }),
  };
  const services: Record<"sink" | "engine" | "worker", Service | undefined> = { sink: undefined, engine: undefined, worker: undefined };
  const alive = (s?: Service) => () => Boolean(s && s.child.exitCode === null && s.child.signalCode === null);

  async function start(name: "sink" | "engine" | "worker") {
    const entry = { sink: "local/resend/src/main.ts", engine: "local/inngest/src/main.ts", worker: "scripts/inngest-worker.ts" }[name];
    // Any answer means the worker listens: not a GET of /api/inngest, which the SDK answers 401 unsigned and
    // the bench then counted as a failed engine call (the one "Unauthorized" of every run).
    const url = { sink: `${sinkUrl}/_sink/health`, engine: `${engineUrl}/health`, worker: `${workerUrl}/ready` }[name];
    const service = startService(name, "npx", ["tsx", entry], env[name], quiet);
    services[name] = service;
    await waitForHttp(url, 60_000, alive(service));
  }

  /** Waits until the engine has the worker's functions (it syncs on start, retrying until the worker answers). */
  async function synced(): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const res = await fetch(`${engineUrl}/v1/functions`)
        .then((r) => r.json())
        .catch(() => ({ data: [] }));
      if ((res.data ?? []).length >= 5) return;
      await postJson(`${engineUrl}/v1/sync`, { url: `${workerUrl}/api/inngest` }).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error("the engine never synced the worker's functions");
  }

  await start("sink");
  await start("worker");
  await start("engine");
  await synced();

  return {
    dataDir,
    signingKey,
    databaseUrl,
    /**
     * The database outage: stops the embedded server (fast shutdown: connections cut), or, with
     * databaseProxy, cuts every connection at the proxy and resets new ones (the shared server stays up).
     */
    stopDatabase: async () => {
      if (embedded) return embedded.stop();
      if (proxy) return proxy.down();
      throw new Error("stopDatabase needs startStack({ database: 'embedded' }) or startStack({ postgresAdminUrl, databaseProxy: true })");
    },
    /** Ends the outage: starts the embedded server again on the same data (resolves once it accepts connections), or lets the proxy pipe again. */
    startDatabase: async () => {
      if (embedded) return embedded.start();
      if (proxy) return proxy.up();
      throw new Error("startDatabase needs startStack({ database: 'embedded' }) or startStack({ postgresAdminUrl, databaseProxy: true })");
    },
    /** The proxy's counts of connections accepted, cut and reset (databaseProxy only). */
    databaseProxyStats: () => proxy?.stats(),
    urls: { sink: sinkUrl, engine: engineUrl, worker: workerUrl },
    hook: <T = Record<string, unknown>>(name: string, body: unknown = {}) => postJson<T>(`${workerUrl}/_test/${name}`, body),
    setFaults: (faults: Record<string, unknown>) => postJson(`${sinkUrl}/_sink/faults`, faults),
    /** How many emails the provider accepted per recipient. */
    sinkCounts: async (): Promise<{
      total: number;
      byRecipient: Record<string, number>;
      held: number;
      /** Requests the provider received (a batch is one) and those it refused with a 429. */
      requests: number;
      rateLimited: number;
    }> => (await fetch(`${sinkUrl}/_sink/counts`)).json(),
    /** When each API request reached the provider's rate limiter since `since` (epoch ms), and whether it was refused. */
    sinkRequests: async (since = 0): Promise<{ at: number; limited: boolean }[]> =>
      (await (await fetch(`${sinkUrl}/_sink/requests?since=${since}`)).json()).data,
    /** Every email the provider accepted, oldest first. */
    sinkEmails: async (): Promise<{ id: string; to: string[] }[]> => (await (await fetch(`${sinkUrl}/_sink/emails`)).json()).data,
    /** Polls until `check` holds (a state reached, not a time passed); fails after timeoutMs with `what`. */
    async until(what: string, check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    /** Resolves once the engine has no active run (true), or false after timeoutMs. */
    waitIdle: async (timeoutMs = 120_000) => (await fetch(`${engineUrl}/v1/idle?timeout=${timeoutMs}`)).status === 200,
    pids: () => ({ sink: services.sink?.child.pid, engine: services.engine?.child.pid, worker: services.worker?.child.pid }),
    /** SIGKILL the worker and the engine (as a crash would), then start both again on the same data. */
    async crashAndRestart(): Promise<void> {
      for (const s of [services.worker, services.engine]) {
        if (s?.child.pid) process.kill(-s.child.pid, "SIGKILL");
        await s?.exited;
      }
      await start("worker");
      await start("engine");
      await synced();
    },
    async stop(): Promise<void> {
      await Promise.all(Object.values(services).map((s) => (s ? stopService(s, 3_000) : undefined)));
      await proxy?.close();
      await postgres?.drop();
      await embedded?.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
