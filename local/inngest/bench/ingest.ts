/**
 * Ingest cost alone: N Blast customer events in sends of 5,000 into an executor with the per-customer
 * function registered (runs stay queued: no app answers), timed per send.
 *   npx tsx local/inngest/bench/ingest.ts [events=100000]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startExecutor } from "../src/index.js";
import type { FnConfig } from "../src/store/types.js";

const N = Number(process.argv[2] ?? 100_000);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "inngest-ingest-"));
const ex = await startExecutor({ port: 0, dataDir });
const LANE = 'event.data.accountId + (event.data.urgent ? ":urgent" : "")';
const fn: FnConfig = {
  id: "bench-blast-customer-sender",
  triggers: [{ event: "blast/customer.requested" }],
  steps: { step: { id: "step", name: "step", runtime: { type: "http", url: "http://127.0.0.1:9/api/inngest" }, retries: { attempts: 4 } } },
  concurrency: [{ limit: 50, key: LANE }],
  throttle: { limit: 1, period: "1h", key: LANE, burst: 0 },
  priority: { run: "event.data.urgent ? 120 : 0" },
  cancel: [{ event: "blast/cancelled", if: "async.data.blastId == event.data.blastId" }],
};
ex.engine.commit({ t: "app", app: { name: "bench", url: "http://127.0.0.1:9/api/inngest", syncedAt: Date.now(), fns: [fn] } });
const times: number[] = [];
const cpu0 = process.cpuUsage();
for (let c = 0; c * 5000 < N; c++) {
  const body = JSON.stringify(
    Array.from({ length: Math.min(5000, N - c * 5000) }, (_, k) => {
      const i = c * 5000 + k;
      return {
        name: "blast/customer.requested",
        id: `blast:cm0abcdefghijklmnop:customer:cm0customer${String(i).padStart(8, "0")}`,
        data: {
          blastId: "cm0abcdefghijklmnop",
          accountId: "cm0account0000000001",
          customerId: `cm0customer${i}`,
          deliveryId: `cm0delivery${i}`,
          urgent: false,
          round: 0,
        },
      };
    }),
  );
  const t = performance.now();
  const r = await fetch(`${ex.url}/e/key`, { method: "POST", body, headers: { "x-inngest-event-id-seed": `${Date.now()},c2VlZA${c}` } });
  if (!r.ok) throw new Error(await r.text());
  times.push(performance.now() - t);
}
const cpu = process.cpuUsage(cpu0);
console.log(
  `${N} events: sends ${times.map((t) => t.toFixed(0)).join(" ")} ms; ${((times.reduce((a, b) => a + b, 0) * 1000) / N).toFixed(0)} µs per event; CPU ${(((cpu.user + cpu.system) / 1000 / N) * 1000).toFixed(0)} µs per event (sender included)`,
);
await ex.close();
fs.rmSync(dataDir, { recursive: true, force: true });
