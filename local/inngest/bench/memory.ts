/**
 * Live heap per queued run of Blast's per-customer function (no app: runs stay queued behind a
 * throttle that admits none), measured after a forced GC.
 *   node --expose-gc --import tsx local/inngest/bench/memory.ts [runs=20000]
 */
import { customerEvent, startBenchExecutor } from "./blast-fixture.js";

const N = Number(process.argv[2] ?? 20_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");
const { ex, close } = await startBenchExecutor("inngest-mem-");
const measure = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
const h0 = measure();
for (let c = 0; c * 5000 < N; c++) {
  const events = Array.from({ length: Math.min(5000, N - c * 5000) }, (_, k) => customerEvent(c * 5000 + k));
  // As the SDK sends them: JSON over the wire, so every string is its own copy.
  ex.send(JSON.parse(JSON.stringify(events)));
}
await new Promise((r) => setTimeout(r, 200));
const h1 = measure();
console.log(`${N} queued runs: ${((h1 - h0) / N).toFixed(0)} bytes of live heap per run (${((h1 - h0) / 1e6).toFixed(1)} MB)`);
console.log(`runs in memory ${ex.engine.state.runs.size}, dedupe ${ex.engine.state.dedupe.size}, events ${ex.engine.state.events.size}`);
if (process.env.BENCH_SNAPSHOT) console.log(`heap snapshot: ${(await import("node:v8")).writeHeapSnapshot(process.env.BENCH_SNAPSHOT)}`);
await close();
