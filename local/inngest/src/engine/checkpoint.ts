import { checkBearer } from "../signing.js";
import type { RunUpdate } from "../store/types.js";
import { TERMINAL } from "../store/types.js";
import type { Engine } from "./engine.js";

interface CheckpointOp {
  id?: string;
  op?: string;
  name?: string;
  displayName?: string;
  data?: unknown;
  timing?: { start?: number; end?: number; started_at?: number; ended_at?: number };
}

/**
 * `POST /v1/checkpoint/:runId/async`: with `ctx.fn_id`/`ctx.qi_id` in a request, the SDK runs steps
 * inline and reports each one here while the request is still open. A checkpoint is accepted only from
 * the call that is executing now (`qi_id` is unique per dispatch; anything else is a stale dispatch → 409,
 * which makes the SDK stop). Step results are journaled *before* the 200, so after a crash the run
 * resumes after the last acknowledged step and never runs it again. Everything else the SDK decides
 * (errors, sleeps, waits, parallel steps, the function's result) comes back in the HTTP answer as in the
 * classic flow; a `RunComplete` seen here already finishes the run.
 */
export function checkpointAsync(
  e: Engine,
  runId: string,
  body: unknown,
  authorization: string | undefined,
): { status: number; body: unknown } {
  const keys = [e.opts.signingKey, e.opts.signingKeyFallback].filter((k): k is string => !!k);
  if (keys.length && !checkBearer(authorization, keys)) return { status: 401, body: { error: "invalid or missing signing key" } };
  const b = (body ?? {}) as { qi_id?: string; steps?: CheckpointOp[] };
  const run = e.state.runs.get(runId);
  if (!run || TERMINAL.has(run.status)) return { status: 409, body: { error: "run is not running" } };
  const open = typeof b.qi_id === "string" ? e.openCalls.get(b.qi_id) : undefined;
  const key = open?.runId === run.id ? open.key : undefined;
  const p = key ? run.pending[key] : undefined;
  if (!key || !p || p.kind !== "call" || p.tok !== open!.tok) {
    return { status: 409, body: { error: "stale dispatch: this call is no longer the run's current one" } };
  }
  const now = Date.now();
  e.counters.checkpoints++;
  const u: RunUpdate = { t: "u", id: run.id, memo: {}, log: {} };
  let complete: { output: unknown } | undefined;
  for (const op of Array.isArray(b.steps) ? b.steps : []) {
    if (!op || typeof op.id !== "string") continue;
    if (op.op === "StepRun") {
      if (run.steps[op.id]) continue;
      u.memo![op.id] = { type: "data", data: op.data ?? null };
      e.counters.checkpointedSteps++;
      const t = op.timing ?? {};
      u.log![op.id] = {
        name: op.displayName ?? op.name,
        op: "StepRun",
        status: "completed",
        attempts: p.attempt + 1,
        startedAt: t.start ?? t.started_at ?? now,
        endedAt: t.end ?? t.ended_at ?? now,
        checkpointed: true,
      };
    } else if (op.op === "RunComplete") complete = { output: op.data ?? null };
  }
  if (complete) {
    e.finishRun(run, "Completed", complete, u);
    return { status: 200, body: {} };
  }
  if (Object.keys(u.memo!).length) e.update(u);
  return { status: 200, body: {} };
}
