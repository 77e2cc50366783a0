/**
 * Throughput of the local executor: N runs of M trivial steps against a minimal SDK app.
 *   npx tsx local/inngest/bench/bench.ts [runs=500] [steps=5]
 *   INNGEST_LOCAL_CHECKPOINTING=0 npx tsx local/inngest/bench/bench.ts …   (classic mode)
 * The executor runs as its own process (as in real use) so its CPU and memory can be read apart
 * from the app's; the app (real `inngest/node` serve handler) runs in this process.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Inngest } from "inngest";
import { serve } from "inngest/node";

const N = Number(process.argv[2] ?? 500);
const M = Number(process.argv[3] ?? 5);
const port = 18000 + Math.floor(Math.random() * 2000);
const url = `http://127.0.0.1:${port}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "inngest-bench-"));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const exec = spawn(
  process.execPath,
  [
    ...(process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
    "--import",
    "tsx",
    path.resolve(import.meta.dirname, "../src/main.ts"),
  ],
  {
    env: { INNGEST_LOG: "0", ...process.env, INNGEST_PORT: String(port), INNGEST_DATA_DIR: dataDir },
    stdio: ["ignore", "ignore", "inherit"],
  },
);
const stats = async () =>
  (await (await fetch(`${url}/v1/stats`)).json()) as {
    runs: number;
    created?: number;
    active: number;
    journalLines?: number;
    history?: { bytes: number };
    cpu: { user: number; system: number };
    memory: { rss: number; heapUsed: number };
  };
for (let i = 0; ; i++) {
  if (
    await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    )
  )
    break;
  if (i > 200) throw new Error("executor did not start");
  await sleep(50);
}

const logger = { info() {}, warn() {}, error() {}, debug() {} };
const inngest = new Inngest({ id: "bench", isDev: true, baseUrl: url, logger });
const fn = inngest.createFunction({ id: "trivial", triggers: [{ event: "bench/go" }] }, async ({ step }) => {
  let sum = 0;
  for (let i = 0; i < M; i++) sum += await step.run(`s${i}`, () => i);
  return sum;
});
const server = http.createServer(serve({ client: inngest, functions: [fn] }));
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const serveUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/inngest`;
const synced = await fetch(`${url}/v1/sync`, { method: "POST", body: JSON.stringify({ url: serveUrl }) });
if (!synced.ok) throw new Error(`sync failed: ${await synced.text()}`);

const before = await stats();
const appCpu0 = process.cpuUsage();
const t0 = Date.now();
for (let i = 0; i < N; i += 100) {
  await inngest.send(Array.from({ length: Math.min(100, N - i) }, (_, k) => ({ name: "bench/go", data: { i: i + k } })));
}
let peakRss = 0;
let peakActive = 0;
for (;;) {
  const s = await stats();
  peakRss = Math.max(peakRss, s.memory.rss);
  peakActive = Math.max(peakActive, s.active);
  if ((s.created ?? s.runs) >= N && s.active === 0) break;
  await sleep(50);
}
const secs = (Date.now() - t0) / 1000;
const after = await stats();
const appCpu = process.cpuUsage(appCpu0);
const cpuSecs = (after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system) / 1e6;
const failed = (await (await fetch(`${url}/v1/runs?status=failed&limit=10`)).json()).data.length;

console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), node ${process.version}`);
console.log(
  `mode: ${["0", "false"].includes(process.env.INNGEST_LOCAL_CHECKPOINTING ?? "") ? "classic (one call per step)" : "checkpointing (steps inline, checkpointed)"}`,
);
console.log(`${N} runs × ${M} steps in ${secs.toFixed(2)} s${failed ? ` (${failed} failed!)` : ""}`);
console.log(`runs/s: ${(N / secs).toFixed(1)}   steps/s: ${((N * M) / secs).toFixed(1)}`);
console.log(
  `executor CPU: ${cpuSecs.toFixed(2)} s (${((cpuSecs / secs) * 100).toFixed(0)}% of one core, ${((cpuSecs * 1e6) / (N * M)).toFixed(0)} µs per step)`,
);
console.log(
  `executor memory: peak RSS ${(peakRss / 1e6).toFixed(0)} MB, heap ${(after.memory.heapUsed / 1e6).toFixed(0)} MB, up to ${peakActive} runs in flight`,
);
console.log(
  `app (SDK) CPU: ${((appCpu.user + appCpu.system) / 1e6).toFixed(2)} s; journal ${(fs.statSync(path.join(dataDir, "journal.jsonl")).size / 1e6).toFixed(1)} MB${after.history ? `, history ${(after.history.bytes / 1e6).toFixed(1)} MB, runs in memory ${after.runs}` : ""}`,
);

exec.kill("SIGTERM");
server.closeAllConnections();
server.close();
fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
