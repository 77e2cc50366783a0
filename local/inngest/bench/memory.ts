/**
 * Live heap per queued run of Blast's per-customer function (no app: runs stay queued behind a
 * throttle that admits none), measured after a forced GC.
 *   node --expose-gc --import tsx local/inngest/bench/memory.ts [runs=20000]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startExecutor } from "../src/index.js";
import type { FnConfig } from "../src/store/types.js";

const N = Number(process.argv[2] ?? 20_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "inngest-mem-"));
const ex = await startExecutor({ port: 0, dataDir });
const LANE = 'event.data.accountId + (event.data.urgent ? ":urgent" : "")';
const fn: FnConfig = {
  id: "bench-blast-customer-sender",
  triggers: [{ event: "blast/customer.requested" }],
  steps: { step: { id: "step", name: "step", runtime: { type: "http", url: "http://127.0.0.1:9/api/inngest" }, retries: { attempts: 4 } } },
  concurrency: [{ limit: 50, key: LANE }],
  // One run per hour: the first starts (and fails against port 9), the rest stay queued.
  throttle: { limit: 1, period: "1h", key: LANE, burst: 0 },
  priority: { run: "event.data.urgent ? 120 : 0" },
  cancel: [{ event: "blast/cancelled", if: "async.data.blastId == event.data.blastId" }],
};
ex.engine.commit({ t: "app", app: { name: "bench", url: "http://127.0.0.1:9/api/inngest", syncedAt: Date.now(), fns: [fn] } });
const measure = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
const h0 = measure();
for (let c = 0; c * 5000 < N; c++) {
  const events = Array.from({ length: Math.min(5000, N - c * 5000) }, (_, k) => {
    const i = c * 5000 + k;
    return {
      name: "blast/customer.requested",
      id: `blast:cm0abcdefghijklmnop:customer:cm0customer${String(i).padStart(8, "0")}`,
      data: {
        blastId: "cm0abcdefghijklmnop",
        accountId: "cm0account0000000001",
        customerId: `cm0customer${String(i).padStart(8, "0")}`,
        deliveryId: `cm0delivery${String(i).padStart(8, "0")}`,
        urgent: false,
        round: 0,
      },
    };
  });
  // As the SDK sends them: JSON over the wire, so every string is its own copy.
  ex.send(JSON.parse(JSON.stringify(events)));
}
await new Promise((r) => setTimeout(r, 200));
const h1 = measure();
console.log(`${N} queued runs: ${((h1 - h0) / N).toFixed(0)} bytes of live heap per run (${((h1 - h0) / 1e6).toFixed(1)} MB)`);
console.log(`runs in memory ${ex.engine.state.runs.size}, dedupe ${ex.engine.state.dedupe.size}, events ${ex.engine.state.events.size}`);
if (process.env.BENCH_SNAPSHOT) console.log(`heap snapshot: ${(await import("node:v8")).writeHeapSnapshot(process.env.BENCH_SNAPSHOT)}`);
await ex.close();
fs.rmSync(dataDir, { recursive: true, force: true });
