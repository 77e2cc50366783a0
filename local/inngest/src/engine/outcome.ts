import { backoffMs } from "../flow/backoff.js";
import { parseDuration, parseRetryAfter, sleepUntilMs } from "../util/duration.js";
import { token, ulid } from "../util/ids.js";
import type { JsonError, Pending, Run, RunUpdate, StepLog } from "../store/types.js";
import type { Engine } from "./engine.js";
import { buildRun, newCall } from "./runs.js";

export interface CallResult {
  status: number;
  headers: { get(name: string): string | null };
  body: unknown;
  text: string;
}

export interface Outcome {
  u: RunUpdate;
  finish?: { status: "Completed" | "Failed"; output?: unknown; error?: JsonError };
  children?: Run[];
}

interface Op {
  id: string;
  op: string;
  name?: string;
  displayName?: string;
  opts?: Record<string, unknown>;
  data?: unknown;
  error?: unknown;
}

export function toJsonError(v: unknown, fallback: string): JsonError {
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    const message = typeof o.message === "string" ? o.message : typeof o.error === "string" ? o.error : undefined;
    if (message !== undefined) {
      return {
        name: typeof o.name === "string" && o.name ? o.name : "Error",
        message,
        ...(typeof o.stack === "string" ? { stack: o.stack } : {}),
      };
    }
  }
  if (typeof v === "string" && v) return { name: "Error", message: v };
  return { name: "Error", message: fallback };
}

/**
 * Maps one SDK answer to the run's next durable state. Nothing here acts; the caller journals the
 * update first and only then schedules what it implies (write-ahead).
 */
export function interpret(
  e: Engine,
  run: Run,
  key: string,
  p: Extract<Pending, { kind: "call" }>,
  res: CallResult | { netError: string },
  started: number,
): Outcome {
  const now = Date.now();
  const u: RunUpdate = { t: "u", id: run.id, pend: { [key]: null }, log: {} };
  const timing = { startedAt: started, endedAt: now };
  const retryAfter = "netError" in res ? undefined : parseRetryAfter(res.headers.get("retry-after"), now);
  const canRetry = p.attempt + 1 < run.maxAttempts;
  const retryAt = () => now + backoffMs(p.attempt + 1, { scale: e.opts.timeScale, retryAfterMs: retryAfter });

  if (!("netError" in res) && res.status === 200) return { u, finish: { status: "Completed", output: res.body } };

  if (!("netError" in res) && res.status === 206) {
    const ops = (Array.isArray(res.body) ? res.body : [res.body]) as Op[];
    // No op means no progress; calling again would loop forever.
    if (!ops.length) return fail(u, { name: "ProtocolError", message: "the SDK answered 206 without any operation" });
    const children: Run[] = [];
    for (const op of ops) {
      if (!op || typeof op.id !== "string" || typeof op.op !== "string") {
        return fail(u, { name: "ProtocolError", message: `unexpected 206 body from the SDK: ${res.text.slice(0, 300)}` });
      }
      const log = (l: Partial<StepLog>) => (u.log![op.id] = { name: op.displayName ?? op.name, op: op.op, ...l });
      switch (op.op) {
        case "StepRun":
          (u.memo ??= {})[op.id] = { type: "data", data: op.data ?? null };
          log({ status: "completed", attempts: p.attempt + 1, ...timing });
          break;
        case "StepError": {
          const error = toJsonError(op.error, "step failed");
          if (canRetry) {
            const at = retryAt();
            u.pend![op.id] = newCall(op.id, p.attempt + 1, at);
            log({ status: "errored", attempts: p.attempt + 1, error, ...timing, until: at });
            break;
          }
          (u.memo ??= {})[op.id] = { type: "error", error };
          log({ status: "failed", attempts: p.attempt + 1, error, ...timing });
          break;
        }
        case "StepFailed": {
          const error = toJsonError(op.error, "step failed");
          (u.memo ??= {})[op.id] = { type: "error", error };
          log({ status: "failed", attempts: p.attempt + 1, error, ...timing });
          break;
        }
        case "StepPlanned":
          if (run.steps[op.id] || (run.pending[op.id] && op.id !== key) || u.pend![op.id]) break;
          u.pend![op.id] = newCall(op.id, 0, now);
          log({ status: "planned", attempts: 0 });
          break;
        case "Sleep": {
          const until = sleepUntilMs(op.name ?? "", now, e.opts.sleepScale);
          if (until === undefined) return fail(u, { name: "Error", message: `invalid sleep "${op.name}"` });
          u.pend![op.id] = { kind: "sleep", step: op.id, until, tok: token() };
          log({ status: "sleeping", until, startedAt: now });
          break;
        }
        case "WaitForEvent": {
          const timeout = parseDuration(op.opts?.timeout) ?? 0;
          const until = now + timeout * e.opts.sleepScale;
          const cond = typeof op.opts?.if === "string" ? op.opts.if : undefined;
          u.pend![op.id] = {
            kind: "wait",
            step: op.id,
            event: op.name ?? "",
            ...(cond ? { if: cond } : {}),
            until,
            since: now,
            tok: token(),
          };
          log({ status: "waiting", until, startedAt: now });
          break;
        }
        case "InvokeFunction": {
          const child = invokeChild(e, run, op, children);
          if ("error" in child) {
            (u.memo ??= {})[op.id] = { type: "error", error: child.error };
            log({ status: "failed", error: child.error, ...timing });
            break;
          }
          u.pend![op.id] = { kind: "invoke", step: op.id, child: child.id, ...(child.until ? { until: child.until } : {}), tok: token() };
          log({ status: "invoking", startedAt: now, until: child.until });
          break;
        }
        case "RunComplete":
          return { u, finish: { status: "Completed", output: op.data ?? null } };
        case "DiscoveryRequest":
          break;
        default:
          return fail(u, {
            name: "UnsupportedOperation",
            message: `the local Inngest executor does not support the "${op.op}" operation (step "${op.displayName ?? op.name ?? op.id}")`,
          });
      }
    }
    e.addDiscoveryIfIdle(run, u);
    return { u, children };
  }

  // Function-level error: 500 (retriable) or 400 with x-inngest-no-retry, or no answer at all.
  const error =
    "netError" in res
      ? { name: "NetworkError", message: res.netError }
      : toJsonError(res.body, `HTTP ${res.status} from the app: ${res.text.slice(0, 300)}`);
  const noRetry = !("netError" in res) && res.headers.get("x-inngest-no-retry") === "true";
  if (!noRetry && canRetry) {
    const at = retryAt();
    u.pend![key] = newCall(p.step, p.attempt + 1, at);
    u.log![key === "step" ? "$fn" : key] = {
      name: key === "step" ? "function" : undefined,
      status: "errored",
      attempts: p.attempt + 1,
      error,
      ...timing,
      until: at,
    };
    return { u };
  }
  return fail(u, error);
}

function fail(u: RunUpdate, error: JsonError): Outcome {
  return { u, finish: { status: "Failed", error } };
}

function invokeChild(e: Engine, run: Run, op: Op, children: Run[]): { id: string; until?: number } | { error: JsonError } {
  const fnId = String(op.opts?.function_id ?? "");
  const target = e.state.fns.get(fnId);
  if (!target) return { error: { name: "Error", message: `could not invoke "${fnId}": no such function is registered` } };
  const payload = (op.opts?.payload ?? {}) as { data?: Record<string, unknown>; v?: string };
  const now = Date.now();
  const event = {
    id: ulid(now),
    name: "inngest/function.invoked",
    data: payload.data ?? {},
    ts: now,
    ...(payload.v ? { v: payload.v } : {}),
  };
  const child = buildRun(target.fn, target.app, event, { parent: { runId: run.id, step: op.id }, now });
  children.push(child);
  const timeout = parseDuration(op.opts?.timeout);
  return { id: child.id, ...(timeout ? { until: now + timeout * e.opts.sleepScale } : {}) };
}
