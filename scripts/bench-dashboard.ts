/**
 * `npm run bench:dashboard [-- --customers N] [--samples S] [--only TARGET] [--json]`: how fast the dashboard answers, idle and while
 * a big blast sends, measured from this separate process against the whole stack as `npm start` runs it
 * (embedded PostgreSQL, the app, the worker processes, local/inngest, local/resend) in a throwaway
 * DATA_DIR on its own ports. 20 requests each, one after another, of: the blast page (while sending, the
 * sending blast's own page), the customers page, and the create-blast server action (called like the browser calls it: POST with its Next-Action id).
 * Prints p50 / p95 / max per target and phase. The actions create scheduled blasts (a year ahead), so
 * they add no sending of their own.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDb } from "../lib/db";
import { resolveDatabaseUrl } from "../lib/db-url";
import { normalizeEmail } from "../lib/customers/normalize-email";
import { cpuSecondsByRole, descendantPids } from "./lib/process-memory";
import { startService, stopService, waitForHttp } from "./lib/processes";

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const CUSTOMERS = arg("customers", 100_000);
const SAMPLES = arg("samples", 20);
const PORT = arg("port", 3600);
const json = process.argv.includes("--json");
/** `--only action`: measure (and profile) only the targets whose name contains this. */
const ONLY = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : "";
const SEED_TOKEN = "bench-dashboard-seed-token";
/** Cores each part of the stack used during each measured phase. */
const cpu: Record<string, Record<string, number>> = {};

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "blast-bench-dash-"));
fs.chmodSync(dataDir, 0o755); // the embedded server's unprivileged user must reach its folder
const base = `http://127.0.0.1:${PORT}`;
const env = {
  ...process.env,
  DATA_DIR: dataDir,
  PORT: String(PORT),
  INNGEST_PORT: String(PORT + 88),
  RESEND_SINK_PORT: String(PORT + 25),
  E2E_SEED_TOKEN: SEED_TOKEN,
  // Full speed: the provider limit far above what the machine sends.
  PROVIDER_REQUESTS_PER_SECOND: "1000",
  PROVIDER_CONCURRENCY: "8",
  SEND_THROTTLE_PER_ACCOUNT_PER_MINUTE: "6000000",
};
const stack = startService("stack", "npx", ["tsx", "scripts/start.ts"], env, process.env.BENCH_STACK_LOGS !== "1");
let stopped = false;
const stop = async () => {
  if (stopped) return;
  stopped = true;
  await stopService(stack, 30_000);
  fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }); // PostgreSQL may still be removing files
};
process.on("SIGINT", () => void stop().then(() => process.exit(130)));

try {
  await waitForHttp(`${base}/login`, 600_000, () => stack.child.exitCode === null);
  await waitForHttp(`http://127.0.0.1:${PORT + 88}`, 60_000);

  // An agency with N customers: the agency through the app's seed route, the customers straight into the database.
  const seedRes = await fetch(`${base}/api/testing/seed`, {
    method: "POST",
    headers: { authorization: `Bearer ${SEED_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ customers: 0, credit: CUSTOMERS * 2 + 1_000 }),
  });
  const agency = (await seedRes.json()) as { accountId: string; email: string; password: string };
  const { db, close } = await openDb(resolveDatabaseUrl({ DATA_DIR: dataDir }));
  for (let i = 0; i < CUSTOMERS; i += 5_000) {
    await db.customer.createMany({
      data: Array.from({ length: Math.min(5_000, CUSTOMERS - i) }, (_, j) => {
        const email = `c${i + j}-bench@example.com`;
        return {
          accountId: agency.accountId,
          firstName: `First${i + j}`,
          lastName: "Bench",
          email,
          emailNormalized: normalizeEmail(email),
        };
      }),
    });
  }

  // What autovacuum would do a minute after such an import, done now: otherwise its vacuum and analyze of
  // the 100,000 new rows ran during the idle phase (the database used 0.2 cores while "idle").
  await db.$executeRawUnsafe('VACUUM ANALYZE "Customer"');

  const cookie = await signIn(agency.email, agency.password);
  const createBlast = actionCaller("app/(dashboard)/blasts/actions.ts", "createBlastAction", cookie);
  const blastInput = (scheduledAt?: string) => ({
    templateKey: "office-hours",
    subject: "Bench blast",
    customMessage: "Measuring the dashboard.",
    selection: { mode: "all" },
    ...(scheduledAt ? { scheduledAt } : {}),
  });
  const later = () => new Date(Date.now() + 365 * 86_400_000).toISOString();
  const first = await createBlast(blastInput(later()));
  const blastId = first.blastId as string;

  // The blast page of the blast being watched: idle, a scheduled one; while sending, the sending blast's
  // own page (its recipient table and counts over all its deliveries), as an agent watching it sees it.
  const targets = (watched: string) => ({
    "blast page": () => get(`/blasts/${watched}`, cookie),
    "customers page": () => get("/customers", cookie),
    "create-blast action": async () => void (await createBlast(blastInput(later()))),
  });
  const results: Record<string, Record<string, Stats>> = {};
  results.idle = await phase("idle", () => measureAll(targets(blastId)));

  const big = await createBlast(blastInput());
  const progress = () =>
    db.blast.findUniqueOrThrow({ where: { id: big.blastId as string }, select: { status: true, sentCount: true, recipientCount: true } });
  // Measured at full speed: past the fan-out and the first batches (the first emails go out while the
  // fan-out still writes its events, which is not the steady state the issue asks about).
  const fullSpeedAt = Math.min(5_000, Math.floor(CUSTOMERS / 10));
  await until("the big blast sending at full speed", async () => (await progress()).sentCount >= fullSpeedAt, 900_000);
  const before = await progress();
  const started = Date.now();
  results.sending = await phase("sending", () => measureAll(targets(big.blastId as string)));
  const after = await progress();
  const rate = ((after.sentCount - before.sentCount) / ((Date.now() - started) / 1000)).toFixed(0);
  await close();

  const summary = {
    customers: CUSTOMERS,
    samples: SAMPLES,
    workers: "npm start default",
    sendingDuring: {
      sentBefore: before.sentCount,
      sentAfter: after.sentCount,
      of: after.recipientCount,
      status: after.status,
      emailsPerSecond: Number(rate),
    },
    results,
    cpuCoresDuring: cpu,
  };
  if (json) console.log(JSON.stringify(summary, null, 2));
  else {
    console.log(`\nDashboard latency, ${SAMPLES} sequential requests each, from a separate process (ms)`);
    console.log(
      `cores ${os.availableParallelism()}, big blast of ${CUSTOMERS}: sent ${before.sentCount} → ${after.sentCount} during the sending phase (${rate} emails/s, ${after.status})`,
    );
    console.log("phase    target                 p50    p95    max");
    for (const [phase, byTarget] of Object.entries(results)) {
      for (const [target, s] of Object.entries(byTarget)) {
        console.log(`${phase.padEnd(8)} ${target.padEnd(21)} ${fmt(s.p50)} ${fmt(s.p95)} ${fmt(s.max)}`);
      }
    }
    console.log("CPU cores used per process while measuring (2 cores = 2.00):");
    for (const [phase, byRole] of Object.entries(cpu)) {
      console.log(
        `${phase.padEnd(8)} ${Object.entries(byRole)
          .map(([role, cores]) => `${role} ${cores.toFixed(2)}`)
          .join(", ")}`,
      );
    }
    if (process.env.BLAST_CPU_PROFILE_DIR) console.log(`app CPU profiles (one per phase) in ${process.env.BLAST_CPU_PROFILE_DIR}`);
  }
} finally {
  await stop();
}

type Stats = { p50: number; p95: number; max: number };

/** The stack's processes by what they are, from their command lines (postgres last: its backends rename themselves). */
function roleOf(cmdline: string): string | null {
  if (/inngest-worker/.test(cmdline)) return "worker";
  if (/local\/inngest/.test(cmdline)) return "engine";
  if (/local\/resend/.test(cmdline)) return "sink";
  if (/next-server|next\/dist\/bin\/next|\bnext start\b/.test(cmdline)) return "app";
  if (/postgres/.test(cmdline)) return "database";
  return null;
}

/** The app's server process (`next start` renames itself next-server), for the profile's signals. */
function appServerPids(): number[] {
  return descendantPids(stack.child.pid!)
    .filter((pid) => /^next-server/.test(fs.readFileSync(`/proc/${pid}/cmdline`, "utf8")))
    .map(Number);
}

/**
 * Runs one measured phase and records the CPU each part of the stack used meanwhile, in cores; with
 * BLAST_CPU_PROFILE_DIR the app profiles exactly this phase (SIGUSR2 starts and ends it, instrumentation.ts).
 */
async function phase<T>(name: string, measure: () => Promise<T>): Promise<T> {
  const profile = () => process.env.BLAST_CPU_PROFILE_DIR && appServerPids().forEach((pid) => process.kill(pid, "SIGUSR2"));
  const before = cpuSecondsByRole(stack.child.pid, roleOf);
  const t = performance.now();
  profile();
  const result = await measure();
  profile();
  const seconds = (performance.now() - t) / 1000;
  const after = cpuSecondsByRole(stack.child.pid, roleOf);
  cpu[name] = Object.fromEntries(
    Object.keys(after).map((role) => [role, Math.round(((after[role] - (before[role] ?? 0)) / seconds) * 100) / 100]),
  );
  return result;
}
function fmt(n: number) {
  return n.toFixed(0).padStart(6);
}

async function measureAll(targets: Record<string, () => Promise<void>>): Promise<Record<string, Stats>> {
  const out: Record<string, Stats> = {};
  for (const [name, call] of Object.entries(targets)) {
    if (ONLY && !name.includes(ONLY)) continue;
    await call(); // warm: the first call of a route compiles nothing in production, but fills caches as a real user would
    const ms: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const t = performance.now();
      await call();
      ms.push(performance.now() - t);
    }
    ms.sort((a, b) => a - b);
    const at = (q: number) => ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)];
    out[name] = { p50: at(0.5), p95: at(0.95), max: ms[ms.length - 1] };
  }
  return out;
}

async function get(pathname: string, cookie: string): Promise<void> {
  const res = await fetch(`${base}${pathname}`, { headers: { cookie }, redirect: "manual" });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${pathname} → ${res.status}: ${body.slice(0, 300)}`);
}

/** Signs in through Auth.js's credentials endpoint, as the login form does; returns the session cookie. */
async function signIn(email: string, password: string): Promise<string> {
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  // Set twice (proxy and route); the last one is the token's.
  const csrfCookie = [...new Map(csrfRes.headers.getSetCookie().map((c) => [c.split("=")[0], c.split(";")[0]])).values()];
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie.join("; ") },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${base}/blasts` }),
  });
  const session = res.headers
    .getSetCookie()
    .filter((c) => /session-token/.test(c))
    .map((c) => c.split(";")[0]);
  if (!session.length) throw new Error(`sign-in failed (${res.status} → ${res.headers.get("location")})`);
  return session.join("; ");
}

/** Calls a server action as the browser does: POST with its id (from the build's manifest) and the arguments. */
function actionCaller(file: string, exportedName: string, cookie: string) {
  const dist = process.env.NEXT_DIST_DIR || ".next";
  const manifest = JSON.parse(fs.readFileSync(path.join(dist, "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  const id = Object.entries(manifest.node).find(([, a]) => a.filename === file && a.exportedName === exportedName)?.[0];
  if (!id) throw new Error(`no server action ${exportedName} in ${file}`);
  return async (input: unknown): Promise<Record<string, unknown>> => {
    const res = await fetch(`${base}/blasts/new`, {
      method: "POST",
      headers: { "next-action": id, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", cookie },
      body: JSON.stringify([input]),
    });
    const text = await res.text();
    // The flight answer's line "1:{…}" carries the action's return value.
    const line = text.split("\n").find((l) => /^1:\{/.test(l));
    const result = line ? (JSON.parse(line.slice(2)) as { ok: boolean; data?: Record<string, unknown>; error?: string }) : null;
    if (res.status !== 200 || !result?.ok) throw new Error(`${exportedName} → ${res.status}: ${result?.error ?? text.slice(0, 300)}`);
    return result.data ?? {};
  };
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
