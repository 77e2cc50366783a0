import { keyOf } from "../expr.js";
import { parseDuration } from "../util/duration.js";
import { type EventPayload, type FnConfig, type JournalRecord, type Run, runEvents } from "../store/types.js";
import type { Engine } from "./engine.js";
import { concurrencyKeys, runPriority, throttleKey } from "../flow/keys.js";
import { buildRun, newCall } from "./runs.js";

// `debounce` and `batchEvents` both gather events into a run that has not started yet: a queued run
// whose start call is due later. A new event either joins that run or starts a new one.

interface Debounce {
  period: string;
  key?: string;
  timeout?: string;
}
interface Batch {
  maxSize: number;
  timeout: string;
  key?: string;
}

/** The not-yet-started run a gathering key points to, if any (an index lookup, not a scan). */
function openRun(e: Engine, fnId: string, field: "dkey" | "bkey", k: string): Run | undefined {
  const id = e.state.gathering.get(`${field[0]}:${k}`);
  const r = id === undefined ? undefined : e.state.runs.get(id);
  if (!r || r.fnId !== fnId || r[field] !== k || r.status !== "Queued") return undefined;
  const p = r.pending.step;
  if (p?.kind === "call" && p.start && !e.scheduler.executing.get(r.id)?.size) return r;
  return undefined;
}

/**
 * Returns the records for this event when the function gathers events (and the run touched), or
 * undefined when it does not, so the caller starts a run as usual.
 */
export function gather(
  e: Engine,
  fn: FnConfig,
  app: string,
  event: EventPayload,
  internalId: string,
  now: number,
): { recs: JournalRecord[]; runId: string } | undefined {
  const d = fn.debounce as Debounce | undefined;
  const b = fn.batchEvents as Batch | undefined;
  if (d && parseDuration(d.period)) {
    const k = `${fn.id}:${d.key ? keyOf(d.key, { event }) : ""}`;
    const period = parseDuration(d.period)!;
    const run = openRun(e, fn.id, "dkey", k);
    if (run) {
      // The last event wins and the timer restarts, but never past `timeout` after the first event.
      const cap = parseDuration(d.timeout);
      const at = cap ? Math.min(now + period, run.createdAt + cap) : now + period;
      const set = {
        event,
        events: undefined,
        eventInternalId: internalId,
        // Flow-control keys follow the event the run will actually see.
        ckeys: concurrencyKeys(fn, event),
        tkey: throttleKey(fn, event),
        priority: runPriority(fn, event),
      };
      return { recs: [{ t: "u", id: run.id, set, pend: { step: newCall("step", 0, at, true) } }], runId: run.id };
    }
    const r = buildRun(fn, app, event, { eventInternalId: internalId, now });
    r.dkey = k;
    r.pending.step = newCall("step", 0, now + period, true);
    return { recs: [{ t: "run", r }], runId: r.id };
  }
  if (b && b.maxSize > 0) {
    const k = `${fn.id}:${b.key ? keyOf(b.key, { event }) : ""}`;
    const run = openRun(e, fn.id, "bkey", k);
    if (run && runEvents(run).length < b.maxSize) {
      const events = [...runEvents(run), event];
      const full = events.length >= b.maxSize;
      return {
        recs: [{ t: "u", id: run.id, set: { events }, ...(full ? { pend: { step: newCall("step", 0, now, true) } } : {}) }],
        runId: run.id,
      };
    }
    const r = buildRun(fn, app, event, { eventInternalId: internalId, now });
    r.bkey = k;
    if (b.maxSize > 1) r.pending.step = newCall("step", 0, now + (parseDuration(b.timeout) ?? 0), true);
    return { recs: [{ t: "run", r }], runId: r.id };
  }
  return undefined;
}
