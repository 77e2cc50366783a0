/**
 * Throughput of the local executor: N runs of M trivial steps against a minimal SDK app.
 *   npx tsx local/inngest/bench/bench.ts [runs=500] [steps=5]
 *   INNGEST_LOCAL_CHECKPOINTING=0 npx tsx local/inngest/bench/bench.ts …   (classic mode)
 *   npx tsx local/inngest/bench/bench.ts --shape blast [runs=10000]       (Blast's fan-out, see below)
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

const args = process.argv.slice(2);
const shapeAt = args.indexOf("--shape");
const shape = shapeAt >= 0 ? args.splice(shapeAt, 2)[1] : "steps";
if (shape !== "steps" && shape !== "blast") throw new Error(`unknown --shape ${shape} (steps | blast)`);
const N = Number(args[0] ?? (shape === "blast" ? 10_000 : 500));
const M = shape === "blast" ? 1 : Number(args[1] ?? 5);
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

// --shape blast: the app's workload. One fan-out run sends N "blast/customer.requested" events in
// sends of 5,000 (each inside a step.run); each starts a step-less per-customer run with Blast's flow
// control (concurrency + throttle keyed by lane, priority, cancelOn, retries 4, onFailure) that sends
// one "delivery/ready"; a batching collector turns every 100 of those into one event.
const CHUNK = 5000;
const LANE = 'event.data.accountId + (event.data.urgent ? ":urgent" : "")';
const sendMs: number[] = [];
let fanoutDoneAt = 0;
const customersRun = new Set<number>();
const deliveriesBatched = new Set<number>();
const blastFns = [
  inngest.createFunction({ id: "blast-customer-list-sender", triggers: [{ event: "blast/requested" }] }, async ({ step }) => {
    for (let c = 0; c * CHUNK < N; c++) {
      await step.run(`send-${c}`, async () => {
        const t = performance.now();
        const n = Math.min(CHUNK, N - c * CHUNK);
        await inngest.send(
          Array.from({ length: n }, (_, k) => {
            const i = c * CHUNK + k;
            return {
              name: "blast/customer.requested",
              id: `blast:b1:customer:c${i}`,
              data: { blastId: "b1", accountId: "acc_1", customerId: `c${i}`, deliveryId: `d${i}`, urgent: false, round: 0, i },
            };
          }),
        );
        sendMs[c] = performance.now() - t;
        return n;
      });
    }
    fanoutDoneAt = Date.now();
    return { sent: N };
  }),
  inngest.createFunction(
    {
      id: "blast-customer-sender",
      triggers: [{ event: "blast/customer.requested" }],
      concurrency: { limit: 50, key: LANE },
      throttle: { limit: 6_000_000, period: "1m", key: LANE, burst: 10 },
      priority: { run: "event.data.urgent ? 120 : 0" },
      cancelOn: [{ event: "blast/cancelled", if: "async.data.blastId == event.data.blastId" }],
      retries: 4,
      onFailure: async () => {},
    },
    async ({ event }) => {
      const d = event.data as { accountId: string; deliveryId: string; urgent: boolean; i: number };
      customersRun.add(d.i);
      await inngest.send({ name: "delivery/ready", data: { deliveryId: d.deliveryId, accountId: d.accountId, urgent: d.urgent, i: d.i } });
      return { queued: true };
    },
  ),
  inngest.createFunction(
    { id: "provider-batch-collector", triggers: [{ event: "delivery/ready" }], batchEvents: { maxSize: 100, timeout: "1s" }, retries: 4 },
    async ({ events, step }) => {
      for (const ev of events) deliveriesBatched.add((ev.data as { i: number }).i);
      await step.sendEvent("request-batch", { name: "provider/batch.requested", data: { n: events.length } });
      return { ready: events.length };
    },
  ),
];
const server = http.createServer(serve({ client: inngest, functions: shape === "blast" ? blastFns : [fn] }));
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const serveUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/inngest`;
const synced = await fetch(`${url}/v1/sync`, { method: "POST", body: JSON.stringify({ url: serveUrl }) });
if (!synced.ok) throw new Error(`sync failed: ${await synced.text()}`);

const before = await stats();
const appCpu0 = process.cpuUsage();
const t0 = Date.now();
if (shape === "blast") await inngest.send({ name: "blast/requested", data: { blastId: "b1" } });
else {
  for (let i = 0; i < N; i += 100) {
    await inngest.send(Array.from({ length: Math.min(100, N - i) }, (_, k) => ({ name: "bench/go", data: { i: i + k } })));
  }
}
let peakRss = 0;
let peakActive = 0;
let fanoutCpu: number | undefined;
let lastProgress = Date.now();
for (;;) {
  const s = await stats();
  peakRss = Math.max(peakRss, s.memory.rss);
  peakActive = Math.max(peakActive, s.active);
  const cpuNow = (s.cpu.user + s.cpu.system - before.cpu.user - before.cpu.system) / 1e6;
  if (fanoutDoneAt && fanoutCpu === undefined) {
    fanoutCpu = cpuNow;
    if (shape === "blast")
      console.log(
        `fan-out done in ${((fanoutDoneAt - t0) / 1000).toFixed(2)} s (sends ${sendMs.map((m) => (m / 1000).toFixed(2)).join(" ")} s), executor CPU ${cpuNow.toFixed(2)} s`,
      );
  }
  if (shape === "blast" && Date.now() - lastProgress >= 10_000) {
    lastProgress = Date.now();
    console.log(
      `  ${((lastProgress - t0) / 1000).toFixed(0)} s: ${customersRun.size} customer runs done, ${s.active} in flight, executor CPU ${cpuNow.toFixed(1)} s, RSS ${(s.memory.rss / 1e6).toFixed(0)} MB`,
    );
  }
  if (shape === "blast" ? customersRun.size >= N && s.active === 0 : (s.created ?? s.runs) >= N && s.active === 0) break;
  await sleep(shape === "blast" ? 200 : 50);
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

if (shape === "blast") {
  const runs = after.created ?? after.runs;
  console.log(
    `blast: ${N} customer runs (${customersRun.size} ran, ${deliveriesBatched.size} delivered to batches, ${runs} runs created in all)`,
  );
  console.log(
    `  fan-out: ${((fanoutDoneAt - t0) / 1000).toFixed(2)} s for ${sendMs.length} sends of ${CHUNK}: ${sendMs.map((m) => (m / 1000).toFixed(2)).join(" ")} s` +
      ` (sum ${(sendMs.reduce((a, b) => a + b, 0) / 1000).toFixed(2)} s); executor CPU by then ${fanoutCpu?.toFixed(2)} s`,
  );
  console.log(`  executor CPU per customer run: ${((cpuSecs * 1000) / N).toFixed(2)} ms (all runs and events included)`);
}

exec.kill("SIGTERM");
await new Promise((r) => exec.once("exit", r));
server.closeAllConnections();
server.close();
fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
