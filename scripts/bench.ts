/**
 * `npm run bench [-- --customers N] [--rate R] [--database embedded|postgres|both] [--runs …] [--json]`: a benchmark,
 * not a test. For each database (the embedded default; and an external PostgreSQL when TEST_DATABASE_URL
 * or BENCH_POSTGRES_URL names one) it seeds an agency with N customers (default 10,000) and sends one
 * blast through the whole local path (worker processes serving the app's /api/inngest route,
 * local/inngest, local/resend):
 *   - unlimited: the provider at zero latency and no rate limit, with 1 and with 2 worker processes;
 *   - limited: the sink refusing more than R requests per sliding second (default 2) and Blast configured
 *     with PROVIDER_REQUESTS_PER_SECOND=R; an urgent blast of 500 is requested mid-way (when N ≥ 5,000).
 * Reported: the server action's p95 (20 requests, at 1,000 and at N recipients), the fan-out, emails/s,
 * engine→app requests and provider requests per email, 429s, peak RSS of every process, duplicates and
 * undelivered eligible recipients. With --json the last line is one JSON object of them.
 */
import { cpuSeconds, groupPids, peakRssMb } from "./lib/process-memory";
import { startStack, type Stack, type StackOptions } from "./lib/pipeline-stack";

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const customers = Number(arg("customers", "10000"));
const rate = Number(arg("rate", "2"));
const json = args.includes("--json");
const externalUrl = process.env.BENCH_POSTGRES_URL || process.env.TEST_DATABASE_URL;
const which = arg("database", externalUrl ? "both" : "embedded");
/** Which runs: any of unlimited, workers (2 worker processes), limited. */
const only = arg("runs", "unlimited,workers,limited").split(",");
const log = (line: string) => !json && console.log(line);

type Agency = { accountId: string; userId: string };
type BlastState = { blast: { status: string; sentCount: number; skippedCount: number; failedCount: number } };
type SinkCounts = { total: number; byRecipient: Record<string, number>; requests: number; rateLimited: number };

const UNLIMITED = {
  PROVIDER_REQUESTS_PER_SECOND: "1000",
  PROVIDER_CONCURRENCY: "8",
  SEND_THROTTLE_PER_ACCOUNT_PER_MINUTE: "6000000",
  SEND_CONCURRENCY_PER_ACCOUNT: "50",
};

const p95 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)] * 10) / 10;
};

/** p95 of 20 blast requests (scheduled a day ahead, then cancelled: the request itself is what is timed). */
async function serverActionP95(stack: Stack, agency: Agency): Promise<number> {
  const times: number[] = [];
  const scheduledAt = new Date(Date.now() + 86_400_000).toISOString();
  for (let i = 0; i < 20; i++) {
    const { blastId, requestMs } = await stack.hook<{ blastId: string; requestMs: number }>("blast", { ...agency, input: { scheduledAt } });
    times.push(requestMs);
    await stack.hook("cancel", { ...agency, blastId });
  }
  return p95(times);
}

const settled = (s: BlastState) => s.blast.sentCount + s.blast.skippedCount + s.blast.failedCount;
const finished = (s: BlastState) => ["COMPLETED", "FAILED", "CANCELLED"].includes(s.blast.status);

async function benchOnce(name: string, options: StackOptions, opts: { limited: boolean; urgent: boolean; serverAction: boolean }) {
  const stack = await startStack({ ...options, timeScale: 0.05 });
  try {
    const agency = await stack.hook<Agency>("seed", { customers, credit: customers * 2 });
    let serverAction: { at1000: number; atN: number } | null = null;
    if (opts.serverAction) {
      const small = await stack.hook<Agency>("seed", { customers: 1_000, credit: 100_000 });
      serverAction = { at1000: await serverActionP95(stack, small), atN: await serverActionP95(stack, agency) };
      await stack.waitIdle(120_000);
    }
    const urgentAgency = opts.urgent ? await stack.hook<Agency>("seed", { customers: 500, credit: 1_000 }) : null;
    const sink0 = (await stack.sinkCounts()) as SinkCounts;
    const cpu = () => {
      const p = stack.pids();
      return { worker: cpuSeconds(p.worker) ?? 0, engine: cpuSeconds(p.engine) ?? 0, sink: cpuSeconds(p.sink) ?? 0 };
    };
    const cpu0 = cpu();
    const stats0 = await stack.hook<{ stepCalls: number; sqlStatements: number }>("stats");

    const t0 = Date.now();
    const { blastId } = await stack.hook<{ blastId: string }>("blast", agency);
    let fanOutMs: number | null = null;
    let urgent: { blastId: string; requestedAt: number; firstEmailMs: number | null; doneMs: number | null } | null = null;
    let normalDoneMs: number | null = null;
    const memory = { worker: 0, engine: 0, sink: 0 };
    for (;;) {
      // Counters only: the full "state" reads every sent address, which at 100,000 would load the worker it measures.
      const state = await stack.hook<BlastState>("progress", { blastId });
      if (fanOutMs === null) {
        const runs = await (await fetch(`${stack.urls.engine}/v1/runs?function_id=blast-blast-customer-list-sender&limit=1`)).json();
        if (runs.data?.[0]?.status === "Completed") fanOutMs = Date.now() - t0;
      }
      const p = stack.pids();
      memory.worker = Math.max(memory.worker, peakRssMb(p.worker) ?? 0);
      memory.engine = Math.max(memory.engine, peakRssMb(p.engine) ?? 0);
      memory.sink = Math.max(memory.sink, peakRssMb(p.sink) ?? 0);
      // The urgent blast is requested once a tenth of the normal one is out: mid-way, with a backlog queued.
      if (urgentAgency && !urgent && settled(state) >= customers / 10) {
        const requested = await stack.hook<{ blastId: string }>("blast", { ...urgentAgency, input: { urgent: true } });
        urgent = { blastId: requested.blastId, requestedAt: Date.now(), firstEmailMs: null, doneMs: null };
      }
      if (urgent && urgent.doneMs === null) {
        const u = await stack.hook<BlastState>("progress", { blastId: urgent.blastId });
        if (urgent.firstEmailMs === null && u.blast.sentCount > 0) urgent.firstEmailMs = Date.now() - urgent.requestedAt;
        if (finished(u)) urgent.doneMs = Date.now() - urgent.requestedAt;
      }
      if (!json && process.stdout.isTTY) process.stdout.write(`\r  ${name}: ${settled(state)}/${customers} settled`);
      if (finished(state) && normalDoneMs === null) normalDoneMs = Date.now() - t0;
      if (finished(state) && (!urgent || urgent.doneMs !== null)) break;
      await new Promise((r) => setTimeout(r, urgent && urgent.firstEmailMs === null ? 100 : 1_000));
    }
    const totalMs = normalDoneMs!;
    const cpu1 = cpu();
    await stack.waitIdle(120_000);
    const state = await stack.hook<BlastState>("progress", { blastId });
    const failures = await stack.hook<{ reason: string | null; count: number }[]>("failures", { blastId });
    const sink = (await stack.sinkCounts()) as SinkCounts;
    const stats1 = await stack.hook<{ stepCalls: number; sqlStatements: number; failedCalls: Record<string, number> }>("stats");
    const steps = stats1.stepCalls - stats0.stepCalls;
    const sent = sink.total - sink0.total;
    const duplicates = Object.values(sink.byRecipient).filter((n) => n > 1).length;
    const emailsPerSecond = state.blast.sentCount / (totalMs / 1000);
    const pacing = opts.limited ? pacingOf(await stack.sinkRequests(t0), t0, totalMs) : null;
    if (!json && process.stdout.isTTY) process.stdout.write("\n");
    return {
      run: name,
      customers,
      serverActionP95Ms: serverAction,
      fanOutMs,
      totalMs,
      emailsPerSecond: Math.round(emailsPerSecond * 10) / 10,
      achievedOverTarget: opts.limited ? Math.round((emailsPerSecond / (100 * rate)) * 100) / 100 : null,
      engineRequestsPerEmail: Math.round((steps / sent) * 100) / 100,
      /** With 2 workers these two count the process that answered the stats call only (about half). */
      sqlStatementsPerEmail: Math.round(((stats1.sqlStatements - stats0.sqlStatements) / sent) * 10) / 10,
      providerRequestsPerEmail: Math.round(((sink.requests - sink0.requests) / sent) * 1000) / 1000,
      rateLimited: sink.rateLimited - sink0.rateLimited,
      pacing,
      urgent: urgent && {
        firstEmailMs: urgent.firstEmailMs,
        doneMs: urgent.doneMs,
        beforeNormal: urgent.requestedAt + urgent.doneMs! < t0 + totalMs,
      },
      duplicates,
      undelivered: customers - state.blast.sentCount,
      failed: state.blast.failedCount,
      failures,
      /** Attempts that failed and were retried by the engine (P2028, pool time-outs…), by message; one worker process's. */
      failedAttempts: stats1.failedCalls,
      peakRssMb: memory,
      /** CPU milliseconds per email sent, per process (the engine and the worker are where the time goes). */
      cpuMsPerEmail: {
        worker: Math.round(((cpu1.worker - cpu0.worker) * 1000 * 10) / sent) / 10,
        engine: Math.round(((cpu1.engine - cpu0.engine) * 1000 * 10) / sent) / 10,
        sink: Math.round(((cpu1.sink - cpu0.sink) * 1000 * 10) / sent) / 10,
      },
    };
  } finally {
    await writeWorkerProfile(stack);
    await stack.stop();
  }
}

/**
 * Where a limited run spent its time, from the provider's own arrival times: the first request after the
 * click, the steady state (each accepted request against the earliest moment the limit allowed it — R
 * requests after the one R places before it, a second later), and the tail after the last request. The
 * slack of request k is how much later than that earliest moment it arrived; a blast at the limit has
 * none, so the slack summed over requests, divided by R, is the time lost between the first and last.
 */
function pacingOf(requests: { at: number; limited: boolean }[], t0: number, totalMs: number) {
  const ok = requests.filter((r) => !r.limited).map((r) => r.at);
  if (ok.length === 0) return null;
  const slack = ok.slice(rate).map((at, i) => Math.max(0, at - ok[i] - 1_000));
  const bucket = (lo: number, hi: number) => {
    const s = slack.filter((x) => x >= lo && x < hi);
    return { requests: s.length, lostMs: Math.round(s.reduce((a, b) => a + b, 0) / rate) };
  };
  return {
    firstRequestMs: ok[0] - t0,
    steadyMs: ok[ok.length - 1] - ok[0],
    /** The steady state's requests over what the limit allowed in the same time. */
    steadyOverLimit: Math.round(((ok.length - 1) / rate / ((ok[ok.length - 1] - ok[0]) / 1000)) * 100) / 100,
    tailMs: t0 + totalMs - ok[ok.length - 1],
    lostBySlack: {
      under50ms: bucket(0, 50),
      from50to200ms: bucket(50, 200),
      from200to1000ms: bucket(200, 1_000),
      over1s: bucket(1_000, Infinity),
    },
  };
}

/**
 * With BLAST_CPU_PROFILE_DIR the worker writes its CPU profile when asked to stop. Its node process is
 * asked directly (not npx, the group's leader) and given the time to write it: the stack's stop would
 * take the whole process group down as soon as npx exits.
 */
async function writeWorkerProfile(stack: Stack): Promise<void> {
  const group = stack.pids().worker;
  if (!process.env.BLAST_CPU_PROFILE_DIR || !group) return;
  for (const pid of groupPids(group)) if (Number(pid) !== group) process.kill(Number(pid), "SIGTERM");
  for (let i = 0; i < 120 && groupPids(group).some((pid) => Number(pid) !== group); i++) await new Promise((r) => setTimeout(r, 500));
  log(`  worker CPU profile written to ${process.env.BLAST_CPU_PROFILE_DIR}`);
}

const databases: { name: string; options: StackOptions }[] = [];
if (which === "embedded" || which === "both") databases.push({ name: "embedded PostgreSQL", options: { database: "embedded" } });
if ((which === "postgres" || which === "both") && externalUrl)
  databases.push({ name: "external PostgreSQL", options: { postgresAdminUrl: externalUrl } });

const results = [];
for (const db of databases) {
  const limitedEnv = { ...UNLIMITED, PROVIDER_REQUESTS_PER_SECOND: String(rate), PROVIDER_CONCURRENCY: "5" };
  const runs: [string, StackOptions, { limited: boolean; urgent: boolean; serverAction: boolean }][] = [
    [
      `${db.name}, unlimited sink, 1 worker`,
      { ...db.options, workerEnv: UNLIMITED },
      { limited: false, urgent: false, serverAction: true },
    ],
    [
      `${db.name}, unlimited sink, 2 workers`,
      { ...db.options, workers: 2, workerEnv: UNLIMITED },
      { limited: false, urgent: false, serverAction: false },
    ],
    [
      `${db.name}, sink limited to ${rate} requests/s`,
      { ...db.options, workerEnv: limitedEnv, sinkEnv: { RESEND_SINK_RATE_LIMIT: String(rate) } },
      { limited: true, urgent: customers >= 5_000, serverAction: false },
    ],
  ];
  const kinds = ["unlimited", "workers", "limited"];
  for (const [i, [name, options, opts]] of runs.entries()) {
    if (!only.includes(kinds[i])) continue;
    const r = await benchOnce(name, options, opts);
    results.push(r);
    log(`\n${r.run} — ${r.customers.toLocaleString("en-US")} customers`);
    if (r.serverActionP95Ms)
      log(`  server action p95 of 20: ${r.serverActionP95Ms.at1000} ms at 1,000 recipients, ${r.serverActionP95Ms.atN} ms at ${customers}`);
    log(`  fan-out (request → all events emitted): ${r.fanOutMs ?? "n/a"} ms`);
    log(
      `  end to end: ${(r.totalMs / 1000).toFixed(1)} s, ${r.emailsPerSecond} emails/s${r.achievedOverTarget !== null ? ` (${r.achievedOverTarget} of 100 × R)` : ""}`,
    );
    log(
      `  per email: ${r.engineRequestsPerEmail} engine→app requests, ${r.sqlStatementsPerEmail} SQL statements, ${r.providerRequestsPerEmail} provider requests; 429s: ${r.rateLimited}`,
    );
    if (r.pacing) {
      const p = r.pacing;
      log(
        `  provider requests: first ${p.firstRequestMs} ms after the click; steady ${(p.steadyMs / 1000).toFixed(1)} s at ${p.steadyOverLimit} of the limit; tail ${p.tailMs} ms`,
      );
      log(
        `  time lost between requests (slack beyond the limit's spacing), by size: ${Object.entries(p.lostBySlack)
          .map(([k, v]) => `${k} ${v.requests} req / ${(v.lostMs / 1000).toFixed(1)} s`)
          .join(", ")}`,
      );
    }
    if (r.urgent)
      log(
        `  urgent 500 mid-way: first email ${r.urgent.firstEmailMs} ms after the click, done in ${r.urgent.doneMs} ms, before the normal blast: ${r.urgent.beforeNormal}`,
      );
    log(`  duplicates: ${r.duplicates}   undelivered eligible: ${r.undelivered}   failed: ${r.failed}`);
    for (const f of r.failures) log(`    failed ${f.count}: ${f.reason}`);
    const attempts = Object.entries(r.failedAttempts).sort((a, b) => b[1] - a[1]);
    log(`  failed attempts (retried by the engine): ${attempts.length === 0 ? "none" : ""}`);
    for (const [message, n] of attempts.slice(0, 5)) log(`    ${n} × ${message}`);
    log(`  peak RSS MB: worker ${r.peakRssMb.worker}, engine ${r.peakRssMb.engine}, sink ${r.peakRssMb.sink}`);
    log(`  CPU ms per email: worker ${r.cpuMsPerEmail.worker}, engine ${r.cpuMsPerEmail.engine}, sink ${r.cpuMsPerEmail.sink}`);
  }
}
console.log(JSON.stringify({ machine: `${(await import("node:os")).cpus().length} cores, ${process.version}`, results }));
