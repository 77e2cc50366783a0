import { evaluate, keyOf } from "../expr.js";
import { gcra } from "../flow/gcra.js";
import { concurrencyKeys, runPriority, throttleKey } from "../flow/keys.js";
import { parseDuration } from "../util/duration.js";
import { token, ulid } from "../util/ids.js";
import type { EventPayload, FnConfig, JournalRecord, JsonError, Pending, Run, RunUpdate } from "../store/types.js";
import type { State } from "../store/state.js";

const DAY = 86_400_000;

export function newCall(step: string, attempt: number, at = Date.now(), start = false): Extract<Pending, { kind: "call" }> {
  return { kind: "call", step, attempt, at, tok: token(), ...(start ? { start: true } : {}) };
}

/** Attempts per step: the function's `retries` (default 3) plus the first try. */
export function maxAttempts(fn: FnConfig): number {
  const r = fn.steps?.step?.retries?.attempts;
  return (typeof r === "number" && r >= 0 ? r : 3) + 1;
}

export function buildRun(
  fn: FnConfig,
  app: string,
  event: EventPayload,
  extra: { eventInternalId?: string; parent?: Run["parent"]; events?: EventPayload[]; now?: number } = {},
): Run {
  const now = extra.now ?? Date.now();
  return {
    id: ulid(now),
    fnId: fn.id,
    app,
    status: "Queued",
    event,
    ...(extra.events ? { events: extra.events } : {}),
    eventInternalId: extra.eventInternalId,
    createdAt: now,
    maxAttempts: maxAttempts(fn),
    priority: runPriority(fn, event),
    ckeys: concurrencyKeys(fn, event),
    tkey: throttleKey(fn, event),
    steps: {},
    stack: [],
    pending: { step: newCall("step", 0, now, true) },
    log: {},
    ...(extra.parent ? { parent: extra.parent } : {}),
  };
}

/**
 * Flow control decided when an event arrives: `idempotency` (one run per key per 24 h) and
 * `rateLimit` (GCRA; excess runs are dropped, unlike throttle). Returns the records that consume
 * the key so they are journaled together with the run.
 */
export function admit(
  state: State,
  fn: FnConfig,
  event: EventPayload,
  now: number,
): { ok: true; kv: JournalRecord[]; cancel: Run[]; skey?: string } | { ok: false; reason: string } {
  const kv: JournalRecord[] = [];
  const cancel: Run[] = [];
  const single = fn.singleton as { key?: string; mode?: "skip" | "cancel" } | undefined;
  let skey: string | undefined;
  if (single) {
    // One active run per key: `skip` drops the newcomer, `cancel` replaces the running one.
    skey = `${fn.id}:${single.key ? keyOf(single.key, { event }) : ""}`;
    const existing = [...state.active].map((id) => state.runs.get(id)!).filter((r) => r.skey === skey);
    if (existing.length && single.mode !== "cancel") return { ok: false, reason: `singleton run already active (${skey})` };
    cancel.push(...existing);
  }
  // A key that cannot be evaluated (missing field) does not dedupe: dropping every such event
  // for 24 h under one shared "" key would lose work silently.
  const idem = fn.idempotency ? evaluate(fn.idempotency, { event }) : undefined;
  if (idem?.ok && idem.value !== null && idem.value !== undefined) {
    const k = `idem:${fn.id}:${typeof idem.value === "string" ? idem.value : JSON.stringify(idem.value)}`;
    const at = state.kv.get(k);
    if (at !== undefined && now - at < DAY) return { ok: false, reason: `idempotency key already used (${k})` };
    kv.push({ t: "kv", k, v: now });
  }
  const rl = fn.rateLimit;
  const period = parseDuration(rl?.period);
  if (rl && period && rl.limit > 0) {
    const k = `rl:${fn.id}:${rl.key ? keyOf(rl.key, { event }) : ""}`;
    const r = gcra(state.kv.get(k), now, period / rl.limit, rl.limit);
    if (!r.ok) return { ok: false, reason: `rate limited (${k})` };
    kv.push({ t: "kv", k, v: r.tat });
  }
  return { ok: true, kv, cancel, ...(skey ? { skey } : {}) };
}

/** The update that ends a run as Cancelled (follow-ups via notifyFinished once journaled). */
export function cancelUpdate(run: Run, error: JsonError, now = Date.now()): RunUpdate {
  const pend: Record<string, null> = {};
  for (const k of Object.keys(run.pending)) pend[k] = null;
  return { t: "u", id: run.id, set: { status: "Cancelled", endedAt: now, error, notified: false }, pend };
}

/** Event name match with the real server's trailing wildcard (`app/user.*`). */
export function nameMatches(pattern: string, name: string): boolean {
  if (pattern === name) return true;
  return pattern.endsWith("*") && name.startsWith(pattern.slice(0, -1));
}
