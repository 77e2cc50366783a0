import type { ResolvedOptions } from "../config.js";
import { State } from "../store/state.js";
import { Journal } from "../store/journal.js";
import { History } from "../store/history.js";
import type { JournalRecord, JsonError, Memo, Pending, Run, RunUpdate, StepLog } from "../store/types.js";
import { TERMINAL } from "../store/types.js";
import { TimerQueue } from "../util/timers.js";
import { executeCall } from "./call.js";
import { CronTriggers } from "./cron.js";
import { notifyFinished } from "./notify.js";
import { newCall } from "./runs.js";
import { Scheduler } from "./scheduler.js";
import { RunTimeouts } from "./timeouts.js";

/**
 * Owns the state, the journal and the scheduler. Every change goes through `commit` (journal first,
 * then memory) and every run change through `update`, which also reconciles its scheduling.
 */
export class Engine {
  readonly state = new State();
  readonly journal: Journal;
  readonly history: History;
  private pruneTimer: NodeJS.Timeout | undefined;
  readonly timers = new TimerQueue();
  readonly scheduler = new Scheduler(this);
  readonly cron = new CronTriggers(this);
  readonly timeouts = new RunTimeouts(this);
  private compactQueued = false;
  /** Calls made to apps and checkpoints accepted, since start (for /v1/stats and tests). */
  readonly counters = { calls: 0, checkpoints: 0, checkpointedSteps: 0 };
  /**
   * Calls open right now that may checkpoint, by the `qi_id` they were given: unique per dispatch (and
   * per process), so a request still running in the app after a restart or a cancel is refused (409).
   */
  readonly openCalls = new Map<string, { runId: string; key: string; tok: string }>();
  private idleWaiters: Array<() => void> = [];
  closed = false;

  constructor(readonly opts: ResolvedOptions) {
    this.journal = new Journal(opts.dataDir, { fsync: opts.fsync, compactEvery: opts.compactEvery });
    this.journal.replay(this.state);
    this.history = new History(opts.dataDir, opts.retentionMs);
    this.history.prune();
    const every = Math.min(3_600_000, Math.max(1000, Math.floor(opts.retentionMs / 24)));
    this.pruneTimer = setInterval(() => this.history.prune(), every);
    this.pruneTimer.unref();
  }

  /**
   * A finished run whose follow-ups are done leaves memory and the journal: it is written to history
   * first (so it stays queryable for the retention window), then journaled as gone.
   */
  archive(run: Run): void {
    if (!TERMINAL.has(run.status) || !this.state.runs.has(run.id)) return;
    // The run's end must be on disk before its history line is.
    this.journal.flush();
    this.history.append({ ...run, notified: true });
    this.commit({ t: "x", id: run.id });
  }

  /** A run in memory (in flight) or, once finished, from history. */
  getRun(id: string): Run | undefined {
    return this.state.runs.get(id) ?? this.history.find(id);
  }

  /** Runs newest first: in-flight runs from memory, then finished ones from history, up to `limit` matches. */
  listRuns(filter: (r: Run) => boolean, limit: number, o: { history?: boolean } = {}): Run[] {
    const live = [...this.state.runs.values()].filter(filter);
    const done: Run[] = [];
    for (const r of o.history === false ? [] : this.history.newestFirst()) {
      if (done.length >= limit) break;
      if (!this.state.runs.has(r.id) && filter(r)) done.push(r);
    }
    return [...live, ...done].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)).slice(0, limit);
  }

  log(msg: string): void {
    if (this.opts.log) console.error(`[inngest-local] ${msg}`);
  }

  commit(rec: JournalRecord): void {
    if (this.closed) throw new Error("executor is closed");
    this.journal.append(rec);
    this.state.apply(rec);
    if (this.journal.needsCompaction && !this.compactQueued) {
      this.compactQueued = true;
      setImmediate(() => {
        this.compactQueued = false;
        if (!this.closed) this.journal.compact(this.state);
      });
    }
  }

  /** Journals a run change (optionally with other records, atomically) and schedules what it implies. */
  update(u: RunUpdate, extra: JournalRecord[] = []): void {
    this.commit(extra.length ? { t: "b", r: [...extra, u] } : u);
    for (const r of extra) if (r.t === "run") this.syncRun(r.r.id);
    this.syncRun(u.id);
  }

  syncRun(id: string): void {
    const run = this.state.runs.get(id);
    if (!run) return;
    this.scheduler.syncRun(run);
    this.timeouts.arm(run);
    if (TERMINAL.has(run.status)) this.checkIdle();
  }

  /** After resolving some pending work: when nothing else is outstanding, ask the SDK what is next. */
  addDiscoveryIfIdle(run: Run, u: RunUpdate): void {
    const keys = new Set(Object.keys(run.pending));
    for (const [k, v] of Object.entries(u.pend ?? {})) {
      if (v) keys.add(k);
      else keys.delete(k);
    }
    if (keys.size === 0) (u.pend ??= {}).step = newCall("step", 0);
  }

  /** Resolves a sleep, wait or invoke with its memoized value. */
  resolve(run: Run, key: string, memo: Memo, log: Partial<StepLog>): RunUpdate {
    const u: RunUpdate = { t: "u", id: run.id, memo: { [key]: memo }, pend: { [key]: null }, log: { [key]: log } };
    this.addDiscoveryIfIdle(run, u);
    return u;
  }

  /** A sleep ended, a wait or an invoke timed out. */
  resolveTimer(runId: string, key: string, tok: string): void {
    const run = this.state.runs.get(runId);
    const p = run?.pending[key];
    if (!run || !p || p.tok !== tok || TERMINAL.has(run.status)) return;
    const now = Date.now();
    if (p.kind === "sleep") this.update(this.resolve(run, key, { type: "data", data: null }, { status: "completed", endedAt: now }));
    else if (p.kind === "wait") this.update(this.resolve(run, key, { type: "data", data: null }, { status: "completed", endedAt: now }));
    else if (p.kind === "invoke") {
      const error = { name: "InngestInvokeTimeoutError", message: `invoked run ${p.child} did not finish in time` };
      this.update(this.resolve(run, key, { type: "error", error }, { status: "failed", error, endedAt: now }));
    }
  }

  executeCall(runId: string, key: string, p: Extract<Pending, { kind: "call" }>): Promise<void> {
    return executeCall(this, runId, key, p);
  }

  /** Terminal state first (journaled), then the follow-ups: internal events, invoking parent. */
  finishRun(
    run: Run,
    status: "Completed" | "Failed" | "Cancelled",
    result: { output?: unknown; error?: JsonError },
    base?: RunUpdate,
  ): void {
    const pend: Record<string, null> = {};
    for (const k of Object.keys(run.pending)) pend[k] = null;
    for (const k of Object.keys(base?.pend ?? {})) pend[k] = null;
    const u: RunUpdate = {
      ...(base ?? { t: "u", id: run.id }),
      set: {
        status,
        endedAt: Date.now(),
        notified: false,
        ...(result.error ? { error: result.error } : { output: result.output ?? null }),
      },
      pend,
    };
    this.update(u);
    this.log(`run ${run.id} (${run.fnId}) ${status}${result.error ? `: ${result.error.message}` : ""}`);
    notifyFinished(this, run);
  }

  onSynced(): void {
    this.cron.reschedule();
  }

  /** Resumes everything after a (re)start: scheduling, and follow-ups a crash may have cut short. */
  recover(): void {
    this.cron.reschedule();
    for (const id of [...this.state.active]) this.syncRun(id);
    for (const run of [...this.state.runs.values()]) {
      if (run.notified === false) notifyFinished(this, run);
      // Finished before this version archived runs, or killed between history and journal.
      else if (TERMINAL.has(run.status)) this.archive(run);
    }
    // An invoked child may have finished right before a crash, before its parent heard of it.
    for (const id of [...this.state.active]) {
      const run = this.state.runs.get(id)!;
      for (const p of Object.values(run.pending)) {
        const child = p.kind === "invoke" ? this.state.runs.get(p.child) : undefined;
        if (child && TERMINAL.has(child.status)) notifyFinished(this, child, { parentOnly: true });
      }
    }
  }

  isIdle(): boolean {
    return this.state.active.size === 0;
  }

  waitForIdle(timeoutMs = 30_000): Promise<boolean> {
    if (this.isIdle()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (v: boolean) => {
        clearTimeout(timer);
        resolve(v);
      };
      const timer = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      const waiter = () => done(true);
      this.idleWaiters.push(waiter);
    });
  }

  private checkIdle(): void {
    if (!this.isIdle() || !this.idleWaiters.length) return;
    const w = this.idleWaiters;
    this.idleWaiters = [];
    for (const f of w) f();
  }

  close(): void {
    this.closed = true;
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    this.timers.close();
    this.history.close();
    this.journal.close();
  }
}
