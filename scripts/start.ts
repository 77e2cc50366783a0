/**
 * `npm start` / `npm run dev`: one command runs all of Blast on its embedded defaults.
 * Starts the embedded PostgreSQL server (unless DATABASE_URL names one), imports an old PGlite folder
 * into it once, migrates, seeds the demo agency into an empty database, builds when the sources changed,
 * starts the local stand-ins that are not replaced by real services, the app (pages and server actions)
 * and the worker processes (the functions behind /api/inngest, which the engine calls), prints where to go.
 * Ctrl-C stops every process it started; the database last.
 */
import { withWorkerHeap } from "./lib/worker-heap";
import fs from "node:fs";
import { parseEnv, ConfigError } from "../lib/env";
import { DEMO_LOGIN } from "../lib/accounts/seed-demo";
import { describeEngine, exposureProblem, planStack, standInExists } from "./lib/stack-env";
import { lowerPriority, run, startService, stopService, waitForHttp, type Service } from "./lib/processes";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./lib/embedded-postgres";
import { importPglite, pgliteFolder } from "./lib/import-pglite";
import { pgliteUrl } from "../lib/db-url";
import { buildIsCurrent, sourceStamp, writeBuildStamp } from "./lib/build-stamp";

const dev = process.argv.includes("--dev");
if (fs.existsSync(".env")) process.loadEnvFile(".env");
const plan = planStack(process.env, dev ? "development" : "production");

const exposure = exposureProblem(plan);
if (exposure) {
  console.error(exposure);
  process.exit(1);
}

try {
  parseEnv(plan.appEnv);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}

const services: Service[] = [];
let database: EmbeddedPostgres | undefined;
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log("\nStopping Blast…");
    await Promise.all(services.map((s) => stopService(s)));
    await database?.stop();
  }
  process.exit(code);
}

/** A failed start step: one message, everything started so far stopped. */
async function fail(message: string): Promise<never> {
  console.error(`\n${message}`);
  return stopAll(1);
}
// A start step that throws ends this process: nothing it started (each in its own process group) may outlive it.
process.on("exit", () => {
  for (const pid of [...services.map((s) => s.child.pid), database?.service().child.pid]) {
    try {
      if (pid) process.kill(-pid, "SIGINT");
    } catch {
      /* already stopped */
    }
  }
});
process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

function watch(service: Service): Service {
  services.push(service);
  return watchExit(service);
}

/** Any service that ends on its own ends the whole stack (the database is watched but stopped last). */
function watchExit(service: Service): Service {
  void service.exited.then((code) => {
    if (stopping) return;
    console.error(`[${service.name}] exited unexpectedly (code ${code}); stopping everything.`);
    void stopAll(1);
  });
  return service;
}

const npx = "npx";
console.log(
  `Blast: data in ${plan.dataDir} (database: ${plan.database.embedded ? `embedded PostgreSQL on 127.0.0.1:${plan.database.port}` : "PostgreSQL from DATABASE_URL"})`,
);
console.log(`Blast: ${describeEngine(plan)}`);
if (plan.database.embedded) {
  try {
    database = await startEmbeddedPostgres({
      dataDir: plan.dataDir,
      port: plan.database.port,
      maxConnections: plan.database.maxConnections,
    });
  } catch (error) {
    await fail(`Blast: the embedded PostgreSQL could not start: ${(error as Error).message}`);
  }
  watchExit(database!.service());
  plan.appEnv.DATABASE_URL = database!.url;
}
const oldPglite = pgliteFolder(plan.dataDir);
if (oldPglite && plan.database.embedded) {
  // Both sides at the same migration, then every row copied once; the folder is renamed, never deleted.
  await run(npx, ["prisma", "migrate", "deploy"], { ...plan.appEnv, DATABASE_URL: pgliteUrl(oldPglite) });
}
await run(npx, ["prisma", "migrate", "deploy"], plan.appEnv);
if (oldPglite) {
  const result = plan.database.embedded
    ? await importPglite(oldPglite, plan.appEnv.DATABASE_URL!).catch((error: Error) =>
        fail(`Blast: copying the old embedded database (${oldPglite}) into PostgreSQL failed, nothing was changed: ${error.message}`),
      )
    : ({ imported: false, reason: "DATABASE_URL names another database" } as const);
  console.log(
    result.imported
      ? `Blast: imported ${result.rows} rows from the old embedded database (PGlite) into PostgreSQL; the old folder is kept as ${result.movedTo}.`
      : `Blast: NOTE ${oldPglite} holds data of the old embedded database (PGlite), not imported because ${result.reason}. Move it away to silence this, or import it into an empty embedded database by starting without DATABASE_URL.`,
  );
}
await run(npx, ["tsx", "prisma/seed.ts"], plan.appEnv);

if (!dev) {
  if (buildIsCurrent()) console.log("Build is up to date.");
  else {
    const stamp = sourceStamp();
    await run(npx, ["next", "build"], plan.appEnv);
    writeBuildStamp(stamp);
  }
}

/** Waits (30 s at most) until the local engine lists the workers' functions: its first sync is done. */
async function waitForSync(engineUrl: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const listed = await fetch(`${engineUrl}/v1/functions`)
      .then((r) => r.json() as Promise<{ data?: unknown[] }>)
      .catch(() => ({ data: [] }));
    if ((listed.data ?? []).length > 0) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  console.warn("[inngest] the engine has not listed Blast's functions yet; it keeps syncing in the background.");
}

/**
 * The workers and the stand-ins of hosted services run at the workers' priority: they are busy only while
 * a blast sends, and the dashboard comes first. Each runs in a session of its own, so its whole session is
 * lowered too (lowerPriority), not only its processes (`nice` is coreutils: Linux, macOS).
 */
function background(name: string, [command, ...args]: string[], env: Record<string, string | undefined>): Service {
  const nice = plan.workers.nice;
  const niced: [string, string[]] =
    nice > 0 && process.platform !== "win32" ? ["nice", ["-n", String(nice), command, ...args]] : [command, args];
  const service = startService(name, ...niced, env);
  lowerPriority(service, nice);
  return service;
}

const localLines: string[] = [];
if (plan.resend.local && standInExists("local/resend/src/main.ts")) {
  const sink = watch(background("resend", [npx, "tsx", "local/resend/src/main.ts"], plan.resend.env));
  await waitForHttp(plan.resend.url, 30_000, () => sink.child.exitCode === null);
  localLines.push(`  Mail inbox (local Resend sink): ${plan.resend.url}`);
}
// The functions run here, not in the app: a sending blast never takes the dashboard's event loop.
const workerEnv = withWorkerHeap({
  ...plan.appEnv,
  WORKER_PROCESSES: String(plan.workers.processes),
  WORKER_PORT: String(plan.workers.port),
  WORKER_HOST: plan.workers.host,
  WORKER_NICE: String(plan.workers.nice),
  ...(plan.workers.backendNice > 0 ? { DATABASE_BACKEND_NICE: String(plan.workers.backendNice) } : {}),
});
const worker = watch(background("worker", [npx, "tsx", ...(dev ? ["watch"] : []), "scripts/inngest-worker.ts"], workerEnv));
// Any answer means it listens (a GET of /api/inngest itself would log an unsigned-call error).
await waitForHttp(`http://127.0.0.1:${plan.workers.port}/ready`, 60_000, () => worker.child.exitCode === null);
if (plan.inngest.local && standInExists("local/inngest/src/main.ts")) {
  // Started after the workers so its first sync finds the serve route, and before the app, so the first
  // blast clicked is never sent to an engine that is not there yet (the outbox would only retry it a
  // minute later).
  const engine = watch(background("inngest", [npx, "tsx", "local/inngest/src/main.ts"], plan.inngest.env));
  await waitForHttp(plan.inngest.url, 30_000, () => engine.child.exitCode === null);
  await waitForSync(plan.inngest.url);
  localLines.push(`  Background runs (local Inngest): ${plan.inngest.url}`);
}
const app = watch(
  startService(
    "app",
    npx,
    ["next", dev ? "dev" : "start", "-p", String(plan.appEnv.PORT), "-H", String(plan.appEnv.HOSTNAME)],
    plan.appEnv,
  ),
);
await waitForHttp(`${plan.appUrl}/api/health`, 120_000, () => app.child.exitCode === null);

console.log(
  [
    "",
    "──────────────────────────────────────────────",
    `  Blast is running: ${plan.appUrl}`,
    `  Sign in as ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`,
    ...localLines,
    `  ${describeEngine(plan)}`,
    `  Functions: ${plan.workers.processes} worker process${plan.workers.processes > 1 ? "es" : ""} at ${plan.workers.serveUrl}`,
    "  Press Ctrl-C to stop.",
    "──────────────────────────────────────────────",
    "",
  ].join("\n"),
);
