import { holds } from "../expr.js";
import { intern } from "../util/intern.js";
import { parseDuration } from "../util/duration.js";
import { seededEventId, ulid } from "../util/ids.js";
import type { EventPayload, JournalRecord, Run, RunUpdate, StoredEvent } from "../store/types.js";
import { TERMINAL } from "../store/types.js";
import type { Engine } from "./engine.js";
import { notifyFinished } from "./notify.js";
import { gather } from "./gather.js";
import { admit, buildRun, cancelUpdate, nameMatches } from "./runs.js";

export interface IncomingEvent {
  name: string;
  id?: string;
  data?: Record<string, unknown>;
  ts?: number;
  v?: string;
  user?: unknown;
}

const DAY = 86_400_000;

/**
 * Takes events in: deduplicates by `id` (24 h), then, in one atomic journal line per event, records
 * the event with everything it causes: cancelled runs (`cancelOn`), resumed `waitForEvent`s and new
 * runs of every function whose trigger matches. Returns the internal ids, in order.
 */
export function ingest(e: Engine, payloads: IncomingEvent[], o: { seed?: string; internal?: boolean } = {}): string[] {
  const ids: string[] = [];
  // One write for the whole send: nothing acts on these records before this returns (scheduling
  // waits for the event loop, the sender gets its answer after), and each event stays one line.
  e.journal.cork();
  try {
    payloads.forEach((raw, i) => ingestOne(e, raw, i, o, ids));
  } finally {
    e.journal.uncork();
  }
  return ids;
}

function ingestOne(e: Engine, raw: IncomingEvent, i: number, o: { seed?: string; internal?: boolean }, ids: string[]): void {
  const now = Date.now();
  const internalId = (o.seed && seededEventId(o.seed, i)) || ulid(now);
  const dedupeKey = raw.id ? `id:${raw.id}` : o.seed ? `seed:${internalId}` : undefined;
  const dup = dedupeKey ? e.state.isDuplicate(dedupeKey, now) : undefined;
  if (dup) {
    ids.push(dup.internalId);
    return;
  }
  const event: EventPayload = {
    id: raw.id || internalId,
    name: intern(raw.name),
    data: raw.data && typeof raw.data === "object" ? raw.data : {},
    ts: typeof raw.ts === "number" && raw.ts > 0 ? raw.ts : now,
    ...(raw.v ? { v: raw.v } : {}),
    ...(raw.user !== undefined ? { user: raw.user } : {}),
  };
  const stored: StoredEvent = { internalId, receivedAt: now, event, ...(dedupeKey ? { dedupeKey } : {}), runIds: [] };
  const recs: JournalRecord[] = [{ t: "ev", e: stored }];
  const cancelled = cancellations(e, event, now, recs);
  const touched = resumeWaits(e, event, now, recs, cancelled);
  const started = triggerRuns(e, event, internalId, now, recs, cancelled);
  e.commit({ t: "b", r: recs });
  for (const id of [...touched, ...started]) e.syncRun(id);
  for (const run of cancelled) {
    e.syncRun(run.id);
    e.log(`run ${run.id} (${run.fnId}) Cancelled: ${run.error?.message}`);
    notifyFinished(e, run);
  }
  ids.push(internalId);
}

function cancellations(e: Engine, event: EventPayload, now: number, recs: JournalRecord[]): Run[] {
  const out: Run[] = [];
  const fnsWithCancel = [...e.state.fns.values()].filter(({ fn }) => fn.cancel?.some((c) => nameMatches(c.event, event.name)));
  if (!fnsWithCancel.length) return out;
  const ids = new Set(fnsWithCancel.map(({ fn }) => fn.id));
  for (const id of e.state.active) {
    const run = e.state.runs.get(id)!;
    if (!ids.has(run.fnId) || run.createdAt > now) continue;
    const fn = e.state.fns.get(run.fnId)!.fn;
    const hit = fn.cancel!.find((c) => {
      if (!nameMatches(c.event, event.name)) return false;
      const timeout = parseDuration(c.timeout);
      if (timeout !== undefined && now - run.createdAt > timeout) return false;
      return holds(c.if, { event: run.event, async: event });
    });
    if (!hit) continue;
    recs.push(cancelUpdate(run, { name: "FunctionCancelledError", message: `cancelled by event "${event.name}" (${event.id})` }, now));
    out.push(run);
  }
  return out;
}

function resumeWaits(e: Engine, event: EventPayload, now: number, recs: JournalRecord[], cancelled: Run[]): string[] {
  const waits = e.scheduler.waits.get(event.name);
  if (!waits?.size) return [];
  const skip = new Set(cancelled.map((r) => r.id));
  const perRun = new Map<string, RunUpdate>();
  for (const { runId, key } of waits.values()) {
    const run = e.state.runs.get(runId);
    const p = run?.pending[key];
    if (!run || !p || p.kind !== "wait" || skip.has(runId) || TERMINAL.has(run.status)) continue;
    // Only events that arrive after the wait was registered match it, as on the real server.
    if (now < p.since || !holds(p.if, { event: run.event, async: event })) continue;
    let u = perRun.get(runId);
    if (!u) perRun.set(runId, (u = { t: "u", id: runId, memo: {}, pend: {}, log: {} }));
    u.memo![key] = { type: "data", data: event };
    u.pend![key] = null;
    u.log![key] = { status: "completed", endedAt: now };
  }
  for (const u of perRun.values()) {
    e.addDiscoveryIfIdle(e.state.runs.get(u.id)!, u);
    recs.push(u);
  }
  return [...perRun.keys()];
}

function triggerRuns(e: Engine, event: EventPayload, internalId: string, now: number, recs: JournalRecord[], cancelled: Run[]): string[] {
  const out: string[] = [];
  // Invocations are addressed to one function directly, never matched by trigger.
  if (event.name === "inngest/function.invoked") return out;
  for (const { fn, app } of e.state.fns.values()) {
    const match = fn.triggers?.some((t) => t.event && nameMatches(t.event, event.name) && holds(t.expression, { event }));
    if (!match) continue;
    const a = admit(e.state, fn, event, now);
    if (!a.ok) {
      e.log(`event ${event.name} (${internalId}) did not start ${fn.id}: ${a.reason}`);
      continue;
    }
    for (const old of a.cancel) {
      if (cancelled.includes(old)) continue;
      recs.push(
        cancelUpdate(old, { name: "FunctionCancelledError", message: `replaced by a newer singleton run (event ${event.id})` }, now),
      );
      cancelled.push(old);
    }
    const gathered = gather(e, fn, app, event, internalId, now);
    if (gathered) {
      recs.push(...a.kv, ...gathered.recs);
      out.push(gathered.runId);
      continue;
    }
    const run = buildRun(fn, app, event, { eventInternalId: internalId, now });
    if (a.skey) run.skey = a.skey;
    recs.push(...a.kv, { t: "run", r: run });
    out.push(run.id);
  }
  return out;
}

export { DAY };
