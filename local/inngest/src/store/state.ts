import type { AppRecord, FnConfig, JournalRecord, Run, StoredEvent } from "./types.js";
import { TERMINAL } from "./types.js";
import { intern, internKeys } from "../util/intern.js";

const DAY = 86_400_000;

/**
 * The whole executor state, rebuilt by replaying the journal. `apply` is the only mutator, so what
 * is in memory is always exactly what is on disk.
 */
export class State {
  apps = new Map<string, AppRecord>();
  fns = new Map<string, { fn: FnConfig; app: string }>();
  events = new Map<string, StoredEvent>();
  dedupe = new Map<string, { internalId: string; at: number }>();
  runs = new Map<string, Run>();
  active = new Set<string>();
  kv = new Map<string, number>();
  /**
   * The newest run of each debounce / batch key (`d:<dkey>`, `b:<bkey>` → run id), so an event finds
   * the run it may join without scanning every run in flight. A hint: the caller checks that the run
   * is still gathering (queued, not started); entries leave with their run (finished or archived).
   */
  gathering = new Map<string, string>();
  private eventOrder: string[] = [];
  private eventHead = 0;
  /** Runs created and archived since this state was built (replay included). */
  created = 0;
  archived = 0;

  constructor(
    private readonly keepEvents = 2000,
    private readonly keepRuns = 5000,
  ) {}

  apply(rec: JournalRecord): void {
    switch (rec.t) {
      case "b":
        for (const r of rec.r) this.apply(r);
        return;
      case "app":
        this.setApp(rec.app);
        return;
      case "ev":
        // Nameless events are dedupe-only placeholders written by compaction.
        if (rec.e.event.name) {
          if (!this.events.has(rec.e.internalId)) this.eventOrder.push(rec.e.internalId);
          this.events.set(rec.e.internalId, rec.e);
          // Recent events only: the oldest leave memory (their dedupe entry stays for 24 h). Oldest
          // first from a queue: a Map's first key after many deletes is found by skipping their holes.
          while (this.events.size > this.keepEvents && this.eventHead < this.eventOrder.length) {
            this.events.delete(this.eventOrder[this.eventHead++]!);
          }
          if (this.eventHead > 4096) {
            this.eventOrder = this.eventOrder.slice(this.eventHead);
            this.eventHead = 0;
          }
        }
        if (rec.e.dedupeKey) this.dedupe.set(rec.e.dedupeKey, { internalId: rec.e.internalId, at: rec.e.receivedAt });
        return;
      case "run": {
        if (!this.runs.has(rec.r.id)) this.created++;
        // Replayed runs (each parsed on its own) share their repeated strings again.
        const r = rec.r;
        r.fnId = intern(r.fnId);
        r.app = intern(r.app);
        r.event.name = intern(r.event.name);
        r.ckeys = internKeys(r.ckeys ?? []);
        if (r.tkey !== undefined) r.tkey = intern(r.tkey);
        this.runs.set(rec.r.id, rec.r);
        if (!TERMINAL.has(rec.r.status)) {
          this.active.add(rec.r.id);
          if (rec.r.dkey) this.gathering.set(`d:${rec.r.dkey}`, rec.r.id);
          if (rec.r.bkey) this.gathering.set(`b:${rec.r.bkey}`, rec.r.id);
        }
        const ev = rec.r.eventInternalId ? this.events.get(rec.r.eventInternalId) : undefined;
        if (ev && !ev.runIds.includes(rec.r.id)) ev.runIds.push(rec.r.id);
        return;
      }
      case "u": {
        const run = this.runs.get(rec.id);
        if (!run) return;
        if (rec.set) Object.assign(run, rec.set);
        // A debounced run takes over a newer event: list the run under that event too.
        const ev = rec.set?.eventInternalId ? this.events.get(rec.set.eventInternalId) : undefined;
        if (ev && !ev.runIds.includes(run.id)) ev.runIds.push(run.id);
        if (rec.memo) {
          for (const [k, v] of Object.entries(rec.memo)) {
            run.steps[k] = v;
            if (!run.stack.includes(k)) run.stack.push(k);
          }
        }
        if (rec.pend) {
          for (const [k, v] of Object.entries(rec.pend)) {
            if (v) run.pending[k] = v;
            else delete run.pending[k];
          }
        }
        if (rec.log) {
          for (const [k, v] of Object.entries(rec.log)) {
            run.log[k] = { ...(run.log[k] ?? { id: k, status: "planned", attempts: 0 }), ...v };
          }
        }
        if (TERMINAL.has(run.status)) {
          this.active.delete(run.id);
          this.ungather(run);
        }
        return;
      }
      case "x": {
        const run = this.runs.get(rec.id);
        if (run) {
          this.runs.delete(rec.id);
          this.archived++;
          this.ungather(run);
        }
        this.active.delete(rec.id);
        return;
      }
      case "kv":
        if (rec.v === null) this.kv.delete(rec.k);
        else this.kv.set(rec.k, rec.v);
        return;
    }
  }

  private ungather(run: Run): void {
    if (run.dkey && this.gathering.get(`d:${run.dkey}`) === run.id) this.gathering.delete(`d:${run.dkey}`);
    if (run.bkey && this.gathering.get(`b:${run.bkey}`) === run.id) this.gathering.delete(`b:${run.bkey}`);
  }

  private setApp(app: AppRecord): void {
    const old = this.apps.get(app.name);
    if (old) for (const f of old.fns) this.fns.delete(f.id);
    this.apps.set(app.name, app);
    for (const fn of app.fns) this.fns.set(fn.id, { fn, app: app.name });
  }

  isDuplicate(dedupeKey: string, now: number): StoredEvent | { internalId: string } | undefined {
    const hit = this.dedupe.get(dedupeKey);
    if (!hit || now - hit.at > DAY) return undefined;
    return this.events.get(hit.internalId) ?? { internalId: hit.internalId };
  }

  /** Records that recreate the current state; what compaction writes. Old history is dropped here. */
  *snapshot(now = Date.now()): Generator<JournalRecord> {
    for (const app of this.apps.values()) yield { t: "app", app };
    for (const [k, v] of this.kv) {
      // Spent flow-control state: idempotency keys after 24 h, GCRA times already in the past.
      if (k.startsWith("idem:") && now - v > DAY) continue;
      if ((k.startsWith("rl:") || k.startsWith("thr:")) && v < now) continue;
      yield { t: "kv", k, v };
    }
    const events = [...this.events.values()].slice(-this.keepEvents);
    const kept = new Set(events.map((e) => e.internalId));
    for (const e of events) yield { t: "ev", e: { ...e, runIds: [] } };
    // Dedupe entries whose event scrolled out of the recent list still guard for 24 h.
    for (const [key, d] of this.dedupe) {
      if (kept.has(d.internalId) || now - d.at > DAY) continue;
      yield {
        t: "ev",
        e: { internalId: d.internalId, receivedAt: d.at, dedupeKey: key, runIds: [], event: { id: "", name: "", data: {}, ts: d.at } },
      };
    }
    const finished = [...this.runs.values()].filter((r) => TERMINAL.has(r.status) && r.notified !== false);
    finished.sort((a, b) => (a.endedAt ?? 0) - (b.endedAt ?? 0));
    const keep = new Set(finished.slice(-this.keepRuns).map((r) => r.id));
    for (const r of this.runs.values()) {
      if (TERMINAL.has(r.status) && r.notified !== false && !keep.has(r.id)) continue;
      yield { t: "run", r };
    }
  }

  /**
   * Drops from memory what compaction did not write out (mirrors `snapshot`), in place: rebuilding
   * the maps from the snapshot doubled them for a moment, a visible RSS peak with many runs in flight.
   */
  prune(now = Date.now()): void {
    for (const [k, v] of this.kv) {
      if ((k.startsWith("idem:") && now - v > DAY) || ((k.startsWith("rl:") || k.startsWith("thr:")) && v < now)) this.kv.delete(k);
    }
    for (const [key, d] of this.dedupe) if (now - d.at > DAY) this.dedupe.delete(key);
    const finished = [...this.runs.values()].filter((r) => TERMINAL.has(r.status) && r.notified !== false);
    if (finished.length > this.keepRuns) {
      finished.sort((a, b) => (a.endedAt ?? 0) - (b.endedAt ?? 0));
      for (const r of finished.slice(0, finished.length - this.keepRuns)) {
        this.runs.delete(r.id);
        this.ungather(r);
      }
    }
  }
}
