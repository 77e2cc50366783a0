/**
 * `npm run bench [-- --customers N] [-- --json]`: a benchmark, not a test. Seeds an agency with N
 * customers (default 10,000), sends one blast through the whole local path (worker serving the app's
 * /api/inngest route, local/inngest, local/resend) twice — once with the provider at zero latency and
 * no rate limit, once with a provider rate limit — and prints the figures. With --json the last line
 * is one JSON object of them.
 */
import { startStack } from "./lib/pipeline-stack";
import { peakRssMb } from "./lib/process-memory";

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const customers = arg("customers", 10_000);
const rateLimit = arg("rate", 50);
const json = args.includes("--json");

type Run = { name: string; workerEnv: Record<string, string>; sinkEnv: Record<string, string>; configuredRate: number | null };

const runs: Run[] = [
  {
    name: "unlimited",
    workerEnv: {
      PROVIDER_RATE_PER_SECOND: "100000",
      SEND_THROTTLE_PER_ACCOUNT_PER_MINUTE: "6000000",
      SEND_CONCURRENCY_PER_ACCOUNT: "50",
      PROVIDER_CONCURRENCY: "100",
    },
    sinkEnv: {},
    configuredRate: null,
  },
  {
    name: `provider limited to ${rateLimit}/s`,
    workerEnv: {
      PROVIDER_RATE_PER_SECOND: String(rateLimit),
      SEND_THROTTLE_PER_ACCOUNT_PER_MINUTE: "6000000",
      SEND_CONCURRENCY_PER_ACCOUNT: "50",
      PROVIDER_CONCURRENCY: "100",
    },
    sinkEnv: { RESEND_SINK_RATE_LIMIT: String(rateLimit) },
    configuredRate: rateLimit,
  },
];

async function benchOnce(run: Run) {
  const stack = await startStack({ workerEnv: run.workerEnv, sinkEnv: run.sinkEnv, timeScale: 0.05 });
  try {
    const agency = await stack.hook<{ accountId: string; userId: string }>("seed", { customers, credit: customers * 2 });
    const steps0 = (await stack.hook<{ stepCalls: number }>("stats")).stepCalls;
    const t0 = Date.now();
    const { blastId, requestMs } = await stack.hook<{ blastId: string; requestMs: number }>("blast", agency);
    let fanOutMs: number | null = null;
    let memory = { worker: 0, engine: 0, sink: 0 };
    const sample = () => {
      const p = stack.pids();
      memory = { worker: peakRssMb(p.worker) ?? 0, engine: peakRssMb(p.engine) ?? 0, sink: peakRssMb(p.sink) ?? 0 };
    };
    for (;;) {
      const state = await stack.hook<{
        blast: { status: string; recipientCount: number; sentCount: number; skippedCount: number; failedCount: number };
        deliveries: Record<string, number>;
      }>("state", { blastId });
      if (fanOutMs === null) {
        const fanOut = await (await fetch(`${stack.urls.engine}/v1/runs?function_id=blast-blast-customer-list-sender&limit=1`)).json();
        const r = fanOut.data?.[0];
        if (r && r.status === "Completed") fanOutMs = Date.now() - t0;
      }
      sample();
      const settled = state.blast.sentCount + state.blast.skippedCount + state.blast.failedCount;
      if (!json && process.stdout.isTTY) process.stdout.write(`\r  ${run.name}: ${settled}/${customers} settled`);
      if (["COMPLETED", "FAILED", "CANCELLED"].includes(state.blast.status)) break;
      await new Promise((r) => setTimeout(r, 1_000));
    }
    const totalMs = Date.now() - t0;
    await stack.waitIdle(60_000);
    const state = await stack.hook<{ blast: { sentCount: number; failedCount: number }; sentEmails: string[] }>("state", { blastId });
    const counts = await stack.sinkCounts();
    const duplicates = Object.values(counts.byRecipient).filter((n) => n > 1).length;
    const steps = (await stack.hook<{ stepCalls: number }>("stats")).stepCalls - steps0;
    const emailsPerSecond = state.blast.sentCount / (totalMs / 1000);
    if (!json && process.stdout.isTTY) process.stdout.write("\n");
    return {
      run: run.name,
      customers,
      serverActionMs: Math.round(requestMs * 10) / 10,
      fanOutMs,
      totalMs,
      emailsPerSecond: Math.round(emailsPerSecond * 10) / 10,
      stepsPerSecond: Math.round((steps / (totalMs / 1000)) * 10) / 10,
      achievedRateOverLimit: run.configuredRate ? Math.round((emailsPerSecond / run.configuredRate) * 100) / 100 : null,
      duplicates,
      undelivered: customers - state.blast.sentCount,
      failed: state.blast.failedCount,
      peakRssMb: memory,
    };
  } finally {
    await stack.stop();
  }
}

const results = [];
for (const run of runs) results.push(await benchOnce(run));
if (!json) {
  for (const r of results) {
    console.log(`\n${r.run} — ${r.customers.toLocaleString("en-US")} customers`);
    console.log(`  server action (request blast): ${r.serverActionMs} ms`);
    console.log(`  fan-out (request → all events emitted): ${r.fanOutMs ?? "n/a"} ms`);
    console.log(`  end to end: ${(r.totalMs / 1000).toFixed(1)} s, ${r.emailsPerSecond} emails/s, ${r.stepsPerSecond} step calls/s`);
    if (r.achievedRateOverLimit !== null) console.log(`  achieved rate ÷ configured limit: ${r.achievedRateOverLimit}`);
    console.log(`  duplicates: ${r.duplicates}   undelivered eligible: ${r.undelivered}   failed: ${r.failed}`);
    console.log(`  peak RSS MB: worker ${r.peakRssMb.worker}, engine ${r.peakRssMb.engine}, sink ${r.peakRssMb.sink}`);
  }
}
console.log(JSON.stringify({ machine: `${(await import("node:os")).cpus().length} cores, ${process.version}`, results }));
