import { signBody } from "../signing.js";
import { token } from "../util/ids.js";
import { canonicalize } from "../util/canonical.js";
import type { Pending } from "../store/types.js";
import { runEvents, TERMINAL } from "../store/types.js";
import type { Engine } from "./engine.js";
import { request } from "./http-client.js";
import { type CallResult, interpret } from "./outcome.js";

/**
 * One request to the app's serve handler. With checkpointing off, `ctx` carries
 * no `fn_id`/`qi_id`, so the SDK answers with ops for the executor to drive instead of running the
 * whole function itself. The answer is journaled before anything it implies is scheduled.
 */
export async function executeCall(e: Engine, runId: string, key: string, p: Extract<Pending, { kind: "call" }>): Promise<void> {
  let run = e.state.runs.get(runId)!;
  const entry = e.state.fns.get(run.fnId);
  const url = entry?.fn.steps?.step?.runtime?.url;
  if (!entry || !url) {
    e.finishRun(run, "Failed", {
      error: { name: "FunctionNotFound", message: `function "${run.fnId}" is not registered; sync the app that serves it` },
    });
    return;
  }
  if (run.status === "Queued") e.update({ t: "u", id: run.id, set: { status: "Running", startedAt: Date.now() } });

  const target = new URL(url);
  target.searchParams.set("fnId", run.fnId);
  target.searchParams.set("stepId", p.step);
  const qi = e.opts.checkpointing ? token() : undefined;
  // Canonical JSON only matters when signing (the SDK verifies over the canonical form).
  const body = (e.opts.signingKey ? canonicalize : JSON.stringify)({
    event: run.event,
    events: runEvents(run),
    steps: run.steps,
    defers: {},
    version: 2,
    use_api: false,
    ctx: {
      run_id: run.id,
      attempt: p.attempt,
      max_attempts: run.maxAttempts,
      disable_immediate_execution: false,
      stack: { stack: run.stack, current: run.stack.length },
      step_id: p.step,
      env: "",
      // Offering checkpointing, as the real server does: the SDK then runs steps inline and reports
      // them to /v1/checkpoint/:runId/async (qi_id identifies this very call; see checkpoint.ts).
      ...(qi ? { fn_id: run.fnId, qi_id: qi } : {}),
    },
  });
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-inngest-req-version": "2",
    "x-run-id": run.id,
    "x-inngest-server-kind": e.opts.signingKey ? "cloud" : "dev",
  };
  if (e.opts.signingKey) headers["x-inngest-signature"] = signBody(body, e.opts.signingKey);

  const started = Date.now();
  e.counters.calls++;
  let res: CallResult | { netError: string };
  if (qi) e.openCalls.set(qi, { runId, key, tok: p.tok });
  try {
    const r = await request(target, "POST", body, headers, e.opts.requestTimeoutMs);
    let parsed: unknown = r.text;
    try {
      parsed = r.text ? JSON.parse(r.text) : null;
    } catch {
      // not JSON; keep the text for the error message
    }
    res = { status: r.status, headers: r.headers, body: parsed, text: r.text };
  } catch (err) {
    const msg = err instanceof Error ? err.message || (err as NodeJS.ErrnoException).code || err.name : String(err);
    res = { netError: `request to ${target.origin}${target.pathname} failed: ${msg}` };
  }
  if (qi) e.openCalls.delete(qi);
  if (e.closed) return;

  // Cancelled (or otherwise moved on) while the request was in flight: the answer is dropped.
  run = e.state.runs.get(runId)!;
  if (!run || TERMINAL.has(run.status) || run.pending[key]?.tok !== p.tok) return;

  const out = interpret(e, run, key, p, res, started);
  if (out.finish) {
    e.finishRun(run, out.finish.status, { output: out.finish.output, error: out.finish.error }, out.u);
    return;
  }
  e.update(
    out.u,
    (out.children ?? []).map((r) => ({ t: "run" as const, r })),
  );
}
