import type { Engine } from "../engine/engine.js";
import type { Run, StoredEvent } from "../store/types.js";
import { TERMINAL } from "../store/types.js";

/** A run's state in words: what it is doing or why it is not. */
export function runState(e: Engine, run: Run): { status: string; waiting?: string } {
  if (TERMINAL.has(run.status)) return { status: run.status };
  const executing = e.scheduler.executing.get(run.id);
  if (executing?.size) return { status: "Running", waiting: undefined };
  const kinds = new Set(Object.values(run.pending).map((p) => p.kind));
  const reason = e.scheduler.reasons.get(run.id);
  if (kinds.size === 1 && kinds.has("sleep")) return { status: "Sleeping", waiting: reason };
  if (kinds.has("wait")) return { status: "Waiting", waiting: reason };
  if (kinds.has("invoke")) return { status: "Invoking", waiting: reason };
  if (reason && reason !== "queued") return { status: run.status, waiting: reason };
  // Behind the head of its queue: say which gate holds the queue.
  const full = run.ckeys.find((c) => e.scheduler.concurrencyInUse(c.key) >= c.limit);
  if (full) return { status: run.status, waiting: `concurrency limit reached (${full.limit} running for key ${full.key})` };
  const tat = run.tkey && run.status === "Queued" ? e.state.kv.get(`thr:${run.tkey}`) : undefined;
  if (tat && tat > Date.now()) return { status: run.status, waiting: `throttled (key ${run.tkey})` };
  return { status: run.status, waiting: reason ?? "queued" };
}

export function runSummary(e: Engine, run: Run) {
  const s = runState(e, run);
  return {
    id: run.id,
    // Field names of Inngest's REST API (GET /v1/runs/:id), so scripts written for it work here too.
    run_id: run.id,
    function_id: run.fnId,
    event_id: run.eventInternalId ?? run.event.id,
    run_started_at: run.startedAt ? new Date(run.startedAt).toISOString() : undefined,
    ended_at: run.endedAt ? new Date(run.endedAt).toISOString() : undefined,
    output: TERMINAL.has(run.status) ? (run.output ?? null) : undefined,
    functionId: run.fnId,
    app: run.app,
    status: s.status,
    waiting: s.waiting,
    event: { id: run.event.id, name: run.event.name },
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    steps: Object.keys(run.steps).length,
    error: run.error,
  };
}

export function runDetail(e: Engine, run: Run) {
  const executing = e.scheduler.executing.get(run.id);
  return {
    ...runSummary(e, run),
    durableStatus: run.status,
    eventInternalId: run.eventInternalId,
    eventPayload: run.event,
    output: run.output,
    priority: run.priority,
    concurrencyKeys: run.ckeys,
    throttleKey: run.tkey,
    maxAttempts: run.maxAttempts,
    parent: run.parent,
    stepOrder: run.stack,
    stepResults: run.steps,
    stepLog: Object.values(run.log),
    pending: Object.entries(run.pending).map(([key, p]) => ({ key, ...p, executing: executing?.has(key) ?? false })),
  };
}

export function eventView(ev: StoredEvent) {
  return {
    internal_id: ev.internalId,
    id: ev.event.id,
    name: ev.event.name,
    data: ev.event.data,
    ts: ev.event.ts,
    received_at: new Date(ev.receivedAt).toISOString(),
    internalId: ev.internalId,
    receivedAt: ev.receivedAt,
    event: ev.event,
    runIds: ev.runIds,
  };
}
