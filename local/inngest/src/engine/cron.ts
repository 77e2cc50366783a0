import { Cron } from "croner";
import type { JournalRecord } from "../store/types.js";
import type { Engine } from "./engine.js";
import { buildRun } from "./runs.js";

/**
 * Cron triggers (`{cron: "TZ=Europe/Paris 0 9 * * 1"}`): croner computes the next instant, the
 * executor's own timer fires it, and the last fired instant is journaled so a restart neither
 * repeats a tick nor back-fills missed ones (the real server does not back-fill either).
 */
export class CronTriggers {
  private generation = 0;

  constructor(private readonly e: Engine) {}

  /** Re-plans every cron trigger; called after each sync. */
  reschedule(): void {
    const gen = ++this.generation;
    for (const { fn } of this.e.state.fns.values()) {
      for (const t of fn.triggers ?? []) {
        if (!t.cron) continue;
        const parsed = parseCron(t.cron);
        let job: Cron;
        try {
          job = new Cron(parsed.pattern, { paused: true, ...(parsed.timezone ? { timezone: parsed.timezone } : {}) });
        } catch (err) {
          this.e.log(`invalid cron "${t.cron}" on ${fn.id}: ${(err as Error).message}`);
          continue;
        }
        this.plan(gen, fn.id, t.cron, job);
      }
    }
  }

  private plan(gen: number, fnId: string, cron: string, job: Cron): void {
    const next = job.nextRun(new Date())?.getTime();
    if (next === undefined) return;
    this.e.timers.at(next, () => {
      if (gen !== this.generation || this.e.closed) return;
      this.fire(fnId, cron, next);
      this.plan(gen, fnId, cron, job);
    });
  }

  private fire(fnId: string, cron: string, at: number): void {
    const entry = this.e.state.fns.get(fnId);
    if (!entry?.fn.triggers?.some((t) => t.cron === cron)) return;
    const k = `cron:${fnId}:${cron}`;
    if ((this.e.state.kv.get(k) ?? 0) >= at) return;
    const now = Date.now();
    const internalId = `cron-${fnId}-${at}`;
    const event = { id: internalId, name: "inngest/scheduled.timer", data: { cron }, ts: at };
    const run = buildRun(entry.fn, entry.app, event, { eventInternalId: internalId, now });
    const recs: JournalRecord[] = [
      { t: "kv", k, v: at },
      { t: "ev", e: { internalId, receivedAt: now, event, runIds: [] } },
      { t: "run", r: run },
    ];
    this.e.commit({ t: "b", r: recs });
    this.e.syncRun(run.id);
  }
}

export function parseCron(expr: string): { pattern: string; timezone?: string } {
  const m = expr.trim().match(/^(?:CRON_)?TZ=(\S+)\s+(.*)$/);
  return m ? { timezone: m[1], pattern: m[2]!.trim() } : { pattern: expr.trim() };
}
