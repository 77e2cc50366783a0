/**
 * Blast's background functions, served apart from the web app: the app's own /api/inngest route module
 * (app/api/inngest/route.ts, the same functions) and its Resend webhook route
 * (app/api/webhooks/resend/route.ts) hosted by a small Node server on WORKER_PORT. `npm start`
 * runs it beside the app so a sending blast never takes the dashboard's event loop; in production run it
 * as its own service (`npm run worker`) and point the engine's serve URL at it. The integration tests and
 * the benchmark drive it with local/inngest.
 *
 * WORKER_PROCESSES > 1: node:cluster forks that many processes sharing the one port (the kernel spreads
 * the engine's connections), so the engine needs a single URL. Several processes need PostgreSQL; an
 * embedded PGlite directory may be opened by one process only.
 */
import cluster from "node:cluster";
import os from "node:os";

const port = Number(process.env.WORKER_PORT || 3900);
const host = process.env.WORKER_HOST || "127.0.0.1";
const processes = Math.max(1, Number(process.env.WORKER_PROCESSES) || 1);
// A step that starts while the database is down waits up to this long for it (lib/db-pool.ts) instead of
// spending its retries within seconds; the engine's request timeout (local/inngest: 300 s) is far above.
process.env.DATABASE_WAIT_MS ??= "60000";

// The Inngest SDK enumerates the whole environment several times a request (its headers); on the live
// process.env each enumeration crosses into C++ — 8 % of a worker's CPU in a profile. A plain-object
// snapshot reads the same values; the worker never changes its environment after start.
process.env = { ...process.env };

// The dashboard comes first: on a machine the app shares with the workers, the kernel gives the app's
// process the CPU whenever it wants it and a sending blast takes what is left (forked workers inherit it).
const nice = Number(process.env.WORKER_NICE ?? 10);
if (nice > 0 && cluster.isPrimary) {
  try {
    os.setPriority(Math.min(19, nice));
  } catch {
    /* not permitted here: run at normal priority */
  }
}

if (processes > 1 && cluster.isPrimary) {
  let stopping = false;
  for (let i = 0; i < processes; i++) cluster.fork();
  // A worker that dies is replaced: its in-flight steps are retried by the engine, like any crash.
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    console.error(`[worker] process ${worker.process.pid} exited (${signal ?? code}); starting another`);
    cluster.fork();
  });
  console.log(`[worker] ${processes} processes serving Blast's functions at http://${host}:${port}/api/inngest`);
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.on(sig, () => {
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.kill("SIGTERM");
      cluster.disconnect(() => process.exit(0));
    });
  }
} else {
  // Provider requests leave from a thread of their own (scripts/lib/provider-thread.ts), which opens its
  // own connections: PostgreSQL only — a PGlite database lives in this thread's memory alone.
  // PROVIDER_THREAD=0 keeps them on this thread (to compare; the bench's A/B).
  const { parseDatabaseUrl, resolveDatabaseUrl } = await import("../lib/db-url");
  if (process.env.PROVIDER_THREAD !== "0" && parseDatabaseUrl(resolveDatabaseUrl()).kind === "postgres") {
    const { installProviderDoor } = await import("../lib/services");
    installProviderDoor((await import("./lib/provider-thread")).startProviderThread());
  }
  const route = await import("../app/api/inngest/route");
  // Resend posts two or more webhooks per email (sent, delivered, …): at full speed that is hundreds a
  // second, work that grows with a blast like the functions', so it is served here too (the app keeps the
  // same route for a deployment whose webhook points at it).
  const webhooks = await import("../app/api/webhooks/resend/route");
  const { serveRoute } = await import("./lib/serve-route");
  // Test hooks are loaded only when asked for: they seed and read the database for tests and benchmarks.
  const hooks = process.env.WORKER_TEST_HOOKS === "1" ? (await import("./lib/worker-test-hooks")).handleTestHook : undefined;
  await serveRoute({ "/api/inngest": route, "/api/webhooks/resend": webhooks }, port, host, hooks);
  if (processes === 1) console.log(`[worker] serving Blast's functions at http://${host}:${port}/api/inngest`);
  const writeProfile = process.env.BLAST_CPU_PROFILE_DIR
    ? (await import("./lib/cpu-profile")).startCpuProfile(process.env.BLAST_CPU_PROFILE_DIR)
    : () => {};
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.on(signal, () => {
      writeProfile();
      process.exit(0);
    });
}
