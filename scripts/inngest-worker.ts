/**
 * Runs Blast's background functions without the web UI: the app's own /api/inngest route module
 * (app/api/inngest/route.ts) hosted by a small Node server on WORKER_PORT. The integration tests and
 * the benchmark drive it with local/inngest. With PostgreSQL it can also run beside the web app as a
 * separate worker process; with PGlite only one process may own the data directory.
 */
import * as route from "../app/api/inngest/route";
import { serveRoute } from "./lib/serve-route";

const port = Number(process.env.WORKER_PORT || 3900);
// Test hooks are loaded only when asked for: they seed and read the database for tests and benchmarks.
const hooks = process.env.WORKER_TEST_HOOKS === "1" ? (await import("./lib/worker-test-hooks")).handleTestHook : undefined;
await serveRoute("/api/inngest", route, port, "127.0.0.1", hooks);
console.log(`[worker] serving Blast's functions at http://127.0.0.1:${port}/api/inngest`);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(0));
