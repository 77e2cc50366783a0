/**
 * Ingest cost alone: N Blast customer events in sends of 5,000 into an executor with the per-customer
 * function registered (runs stay queued: no app answers), timed per send.
 *   npx tsx local/inngest/bench/ingest.ts [events=100000]
 */
import { customerEvent, startBenchExecutor } from "./blast-fixture.js";

const N = Number(process.argv[2] ?? 100_000);
const { ex, close } = await startBenchExecutor("inngest-ingest-");
const times: number[] = [];
const cpu0 = process.cpuUsage();
for (let c = 0; c * 5000 < N; c++) {
  const body = JSON.stringify(Array.from({ length: Math.min(5000, N - c * 5000) }, (_, k) => customerEvent(c * 5000 + k)));
  const t = performance.now();
  const r = await fetch(`${ex.url}/e/key`, { method: "POST", body, headers: { "x-inngest-event-id-seed": `${Date.now()},c2VlZA${c}` } });
  if (!r.ok) throw new Error(await r.text());
  times.push(performance.now() - t);
}
const cpu = process.cpuUsage(cpu0);
console.log(
  `${N} events: sends ${times.map((t) => t.toFixed(0)).join(" ")} ms; ${((times.reduce((a, b) => a + b, 0) * 1000) / N).toFixed(0)} µs per event; CPU ${(((cpu.user + cpu.system) / 1000 / N) * 1000).toFixed(0)} µs per event (sender included)`,
);
await close();
