import { gcra } from "../flow/gcra.js";
import { parseDuration } from "../util/duration.js";
import { Heap } from "../util/heap.js";
import type { Pending, Run } from "../store/types.js";
import { TERMINAL } from "../store/types.js";
import type { Engine } from "./engine.js";

const TRACKED = Symbol("tracked");

interface Item {
  runId: string;
  key: string;
  tok: string;
  eff: number;
  seq: number;
}

// Earliest run first (its queue time minus its priority head start), then creation order (ULIDs
// sort by creation), then the order in which the run's own work arrived.
const less = (a: Item, b: Item) => a.eff < b.eff || (a.eff === b.eff && (a.runId < b.runId || (a.runId === b.runId && a.seq < b.seq)));

/**
 * A run's place in the queue, as on the real server: every call of a run (its start and each next
 * step) is ordered by when the run was queued, moved earlier by its `priority.run` seconds (clamped to
 * ±600 when evaluated). So a run that started first finishes first (depth-first), and priority is a
 * bounded head start: an urgent run queued more than its priority after a batch does not overtake it.
 */
export function queueScore(run: Pick<Run, "createdAt" | "priority">): number {
  return run.createdAt - run.priority * 1000;
}

/**
 * Turns each run's durable `pending` map into work: timers for sleeps, retries and timeouts, an
 * index of waits by event name, and queue partitions of calls that are due. A partition holds the
 * calls that share the same gates (throttle key for run starts, concurrency keys), so a blocked
 * head blocks only its own partition and a pass costs O(partitions), not O(queued calls).
 */
export class Scheduler {
  private partitions = new Map<string, Heap<Item>>();
  private counts = new Map<string, number>();
  readonly waits = new Map<string, Map<string, { runId: string; key: string }>>();
  /** Why a run is not executing right now (shown in the UI and API; not durable). */
  readonly reasons = new Map<string, string>();
  /** Runs with a call in flight → step id and start time. */
  readonly executing = new Map<string, Map<string, number>>();
  private inflight = 0;
  /** One pending wake-up per throttled partition, not one per pass. */
  private throttleWake = new Map<string, number>();
  private seq = 0;
  private passQueued = false;

  constructor(private readonly e: Engine) {}

  get inflightCount(): number {
    return this.inflight;
  }

  concurrencyInUse(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  /** Reconciles scheduling with `run.pending`; safe to call any number of times. */
  syncRun(run: Run): void {
    // What is already scheduled lives on the run itself under a symbol (never journaled): a map entry
    // per queued run cost ~200 bytes each.
    const holder = run as Run & { [TRACKED]?: Pending[] };
    const known = holder[TRACKED] ?? [];
    const live = TERMINAL.has(run.status) ? {} : run.pending;
    const liveList = Object.entries(live);
    const next: Pending[] = [];
    for (const p of known) {
      if (liveList.some(([, l]) => l.tok === p.tok)) next.push(p);
      else if (p.kind === "wait") this.waits.get(p.event)?.delete(p.tok);
    }
    for (const [key, p] of liveList) {
      if (next.some((k) => k.tok === p.tok)) continue;
      next.push(p);
      this.track(run, key, p);
    }
    holder[TRACKED] = next.length ? next : undefined;
    if (TERMINAL.has(run.status)) this.reasons.delete(run.id);
  }

  private track(run: Run, key: string, p: Pending): void {
    const timers = this.e.timers;
    switch (p.kind) {
      case "call":
        if (p.at > Date.now()) {
          this.reasons.set(
            run.id,
            p.attempt > 0 ? `retrying step at ${iso(p.at)} (attempt ${p.attempt + 1})` : `queued until ${iso(p.at)}`,
          );
          timers.at(p.at, () => this.enqueue(run.id, key, p.tok));
        } else this.enqueue(run.id, key, p.tok);
        return;
      case "sleep":
        this.reasons.set(run.id, `sleeping until ${iso(p.until)}`);
        timers.at(p.until, () => this.e.resolveTimer(run.id, key, p.tok));
        return;
      case "wait": {
        let m = this.waits.get(p.event);
        if (!m) this.waits.set(p.event, (m = new Map()));
        m.set(p.tok, { runId: run.id, key });
        this.reasons.set(run.id, `waiting for event "${p.event}" until ${iso(p.until)}`);
        timers.at(p.until, () => this.e.resolveTimer(run.id, key, p.tok));
        return;
      }
      case "invoke":
        this.reasons.set(run.id, `waiting for invoked run ${p.child}`);
        if (p.until) timers.at(p.until, () => this.e.resolveTimer(run.id, key, p.tok));
        return;
    }
  }

  private valid(runId: string, key: string, tok: string): { run: Run; p: Pending } | undefined {
    const run = this.e.state.runs.get(runId);
    const p = run?.pending[key];
    if (!run || !p || p.tok !== tok || TERMINAL.has(run.status)) return undefined;
    return { run, p };
  }

  private enqueue(runId: string, key: string, tok: string): void {
    const v = this.valid(runId, key, tok);
    if (!v || v.p.kind !== "call") return;
    const { run, p } = v;
    const gateThrottle = p.start && run.tkey;
    const part = `${gateThrottle ? `T:${run.tkey}` : ""}|${run.ckeys.map((c) => c.key).join("|")}`;
    let heap = this.partitions.get(part);
    if (!heap) this.partitions.set(part, (heap = new Heap(less)));
    heap.push({ runId, key, tok, eff: queueScore(run), seq: this.seq++ });
    // Plain "queued" is the default reason shown; storing it for every queued run cost memory.
    this.reasons.delete(runId);
    this.kick();
  }

  kick(): void {
    if (this.passQueued) return;
    this.passQueued = true;
    setImmediate(() => {
      this.passQueued = false;
      this.pass();
    });
  }

  /**
   * Dispatches due calls in global queue order across partitions: the partition whose head comes
   * first goes first, and a partition whose head is blocked (throttle, concurrency, a call of the
   * same key still settling) sits out the rest of the pass.
   */
  private pass(): void {
    const max = this.e.opts.maxInflight;
    if (this.inflight >= max) return;
    // Throttle keys taken and runs marked Running in this pass go out in one write, before any of
    // the pass's requests leaves (a request is written to its socket on a later tick).
    this.e.journal.cork();
    try {
      this.passInner(max);
    } finally {
      this.e.journal.uncork();
    }
  }

  private passInner(max: number): void {
    const heads = new Heap<{ part: string; heap: Heap<Item> }>((a, b) => less(a.heap.peek()!, b.heap.peek()!));
    for (const [part, heap] of this.partitions) {
      if (this.drop(heap)) heads.push({ part, heap });
      else this.partitions.delete(part);
    }
    while (heads.size && this.inflight < max) {
      const h = heads.pop()!;
      const item = h.heap.peek()!;
      const v = this.valid(item.runId, item.key, item.tok)!;
      if (this.blocked(v.run, item, v.p as Extract<Pending, { kind: "call" }>, h.part)) continue;
      h.heap.pop();
      this.dispatch(v.run, item.key, v.p as Extract<Pending, { kind: "call" }>);
      if (this.drop(h.heap)) heads.push(h);
      else this.partitions.delete(h.part);
    }
  }

  /** Pops stale items off a partition's head; false when nothing valid is left. */
  private drop(heap: Heap<Item>): boolean {
    while (heap.size) {
      const item = heap.peek()!;
      const v = this.valid(item.runId, item.key, item.tok);
      if (v && v.p.kind === "call") return true;
      heap.pop();
    }
    return false;
  }

  private blocked(run: Run, item: Item, p: Extract<Pending, { kind: "call" }>, part: string): boolean {
    // The previous call for this key is still settling; its completion kicks another pass.
    if (this.isExecuting(item.runId, item.key)) return true;
    if (p.start && run.tkey && !this.takeThrottle(run, part)) return true;
    const full = run.ckeys.find((c) => (this.counts.get(c.key) ?? 0) >= c.limit);
    if (full) {
      this.reasons.set(run.id, `concurrency limit reached (${full.limit} running for key ${full.key})`);
      return true;
    }
    return false;
  }

  private takeThrottle(run: Run, part: string): boolean {
    const t = this.e.state.fns.get(run.fnId)?.fn.throttle;
    const period = parseDuration(t?.period);
    if (!t || !period || !(t.limit > 0)) return true;
    const k = `thr:${run.tkey}`;
    const now = Date.now();
    const r = gcra(this.e.state.kv.get(k), now, period / t.limit, t.limit + (t.burst ?? 0));
    if (!r.ok) {
      this.reasons.set(run.id, `throttled until ${iso(r.retryAt)} (key ${run.tkey})`);
      const wake = this.throttleWake.get(part);
      if (wake === undefined || wake > r.retryAt) {
        this.throttleWake.set(part, r.retryAt);
        this.e.timers.at(r.retryAt, () => {
          if (this.throttleWake.get(part) === r.retryAt) this.throttleWake.delete(part);
          this.kick();
        });
      }
      return false;
    }
    this.e.commit({ t: "kv", k, v: r.tat });
    return true;
  }

  private isExecuting(runId: string, key: string): boolean {
    return this.executing.get(runId)?.has(key) ?? false;
  }

  private dispatch(run: Run, key: string, p: Extract<Pending, { kind: "call" }>): void {
    const keys = run.ckeys.map((c) => c.key);
    for (const k of keys) this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
    this.inflight++;
    let ex = this.executing.get(run.id);
    if (!ex) this.executing.set(run.id, (ex = new Map()));
    ex.set(key, Date.now());
    this.reasons.delete(run.id);
    this.e
      .executeCall(run.id, key, p)
      .catch((err) => console.error("[inngest-local] call handling failed", err))
      .finally(() => {
        for (const k of keys) {
          const n = (this.counts.get(k) ?? 1) - 1;
          if (n <= 0) this.counts.delete(k);
          else this.counts.set(k, n);
        }
        this.inflight--;
        ex!.delete(key);
        if (!ex!.size) this.executing.delete(run.id);
        this.kick();
      });
  }

  queuedCount(): number {
    let n = 0;
    for (const h of this.partitions.values()) n += h.size;
    return n;
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
