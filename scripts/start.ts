/**
 * `npm start` / `npm run dev`: one command runs all of Blast on its embedded defaults.
 * Migrates the database, seeds the demo agency into an empty one, builds when the sources changed,
 * starts the local stand-ins that are not replaced by real services, starts the app, prints where to go.
 * Ctrl-C stops every process it started. Steps run one after another so that only one process at a
 * time ever opens the PGlite directory.
 */
import fs from "node:fs";
import { parseEnv, ConfigError } from "../lib/env";
import { DEMO_LOGIN } from "../lib/accounts/seed-demo";
import { describeEngine, exposureProblem, planStack, standInExists } from "./lib/stack-env";
import { run, startService, stopService, waitForHttp, type Service } from "./lib/processes";
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
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log("\nStopping Blast…");
    await Promise.all(services.map((s) => stopService(s)));
  }
  process.exit(code);
}
process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

function watch(service: Service): Service {
  services.push(service);
  void service.exited.then((code) => {
    if (stopping) return;
    console.error(`[${service.name}] exited unexpectedly (code ${code}); stopping everything.`);
    void stopAll(1);
  });
  return service;
}

const npx = "npx";
console.log(`Blast: data in ${plan.dataDir}${plan.appEnv.DATABASE_URL ? " (database: PostgreSQL)" : " (database: PGlite)"}`);
console.log(`Blast: ${describeEngine(plan)}`);
await run(npx, ["prisma", "migrate", "deploy"], plan.appEnv);
await run(npx, ["tsx", "prisma/seed.ts"], plan.appEnv);

if (!dev) {
  if (buildIsCurrent()) console.log("Build is up to date.");
  else {
    const stamp = sourceStamp();
    await run(npx, ["next", "build"], plan.appEnv);
    writeBuildStamp(stamp);
  }
}

const localLines: string[] = [];
if (plan.resend.local && standInExists("local/resend/src/main.ts")) {
  const sink = watch(startService("resend", npx, ["tsx", "local/resend/src/main.ts"], plan.resend.env));
  await waitForHttp(plan.resend.url, 30_000, () => sink.child.exitCode === null);
  localLines.push(`  Mail inbox (local Resend sink): ${plan.resend.url}`);
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
if (plan.inngest.local && standInExists("local/inngest/src/main.ts")) {
  // Started after the app so its first sync finds the serve route.
  const engine = watch(startService("inngest", npx, ["tsx", "local/inngest/src/main.ts"], plan.inngest.env));
  await waitForHttp(plan.inngest.url, 30_000, () => engine.child.exitCode === null);
  localLines.push(`  Background runs (local Inngest): ${plan.inngest.url}`);
}

console.log(
  [
    "",
    "──────────────────────────────────────────────",
    `  Blast is running: ${plan.appUrl}`,
    `  Sign in as ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`,
    ...localLines,
    `  ${describeEngine(plan)}`,
    "  Press Ctrl-C to stop.",
    "──────────────────────────────────────────────",
    "",
  ].join("\n"),
);
