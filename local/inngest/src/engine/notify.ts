import type { EventPayload, Run } from "../store/types.js";
import { TERMINAL } from "../store/types.js";
import type { Engine } from "./engine.js";
import { ingest } from "./events.js";
import { nameMatches } from "./runs.js";

/**
 * Follow-ups of a finished run: the internal events the real server emits (`inngest/function.failed`
 * drives `onFailure` handlers) and the result of a `step.invoke`. Runs are journaled with
 * `notified: false` first, so a crash in between is completed on restart; the events carry ids
 * derived from the run, so doing it twice starts nothing twice.
 */
export function notifyFinished(e: Engine, run: Run, o: { parentOnly?: boolean } = {}): void {
  if (!TERMINAL.has(run.status)) return;
  if (!o.parentOnly && run.notified === false) {
    const events: Array<Partial<EventPayload> & { name: string }> = [];
    const base = { function_id: run.fnId, run_id: run.id };
    if (run.status === "Failed")
      events.push({ name: "inngest/function.failed", id: `failed:${run.id}`, data: { ...base, error: run.error, event: run.event } });
    if (run.status === "Cancelled")
      events.push({ name: "inngest/function.cancelled", id: `cancelled:${run.id}`, data: { ...base, error: run.error, event: run.event } });
    // Finished events are only worth their cost (a journal write, an event row) if something listens.
    if (hasListener(e, "inngest/function.finished")) {
      events.push({
        name: "inngest/function.finished",
        id: `finished:${run.id}`,
        data: { ...base, ...(run.status === "Completed" ? { result: run.output } : { error: run.error }) },
      });
    }
    if (events.length) ingest(e, events, { internal: true });
  }
  resolveParent(e, run);
  if (!o.parentOnly && run.notified === false) e.archive(run);
}

function resolveParent(e: Engine, run: Run): void {
  if (!run.parent) return;
  const parent = e.state.runs.get(run.parent.runId);
  const p = parent?.pending[run.parent.step];
  if (!parent || !p || p.kind !== "invoke" || p.child !== run.id || TERMINAL.has(parent.status)) return;
  const now = Date.now();
  if (run.status === "Completed") {
    e.update(e.resolve(parent, run.parent.step, { type: "data", data: run.output ?? null }, { status: "completed", endedAt: now }));
  } else {
    const error = run.error ?? { name: "Error", message: `invoked run ${run.id} ${run.status.toLowerCase()}` };
    e.update(e.resolve(parent, run.parent.step, { type: "error", error }, { status: "failed", error, endedAt: now }));
  }
}

function hasListener(e: Engine, name: string): boolean {
  for (const { fn } of e.state.fns.values()) if (fn.triggers?.some((t) => t.event && nameMatches(t.event, name))) return true;
  return (e.scheduler.waits.get(name)?.size ?? 0) > 0;
}
