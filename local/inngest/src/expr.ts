import { celEnv, isCelError, isCelList, isCelMap, parse, plan } from "@bufbuild/cel";

// Keys and conditions (concurrency/throttle/rateLimit keys, idempotency, priority, trigger `if`,
// cancelOn and waitForEvent matches) are CEL, as on the real server. Compiled programs are cached
// because the same few expressions are evaluated for every event and run.

type Program = (vars: Record<string, unknown>) => unknown;
const env = celEnv();
const cache = new Map<string, Program | Error>();

function compile(expr: string): Program | Error {
  let p = cache.get(expr);
  if (!p) {
    try {
      p = plan(env, parse(expr)) as unknown as Program;
    } catch (err) {
      p = err instanceof Error ? err : new Error(String(err));
    }
    if (cache.size > 5000) cache.clear();
    cache.set(expr, p);
  }
  return p;
}

/** JSON numbers that are whole become CEL ints so `event.data.n * 60` and `== 5` both work. */
export function toCel(value: unknown): unknown {
  if (typeof value === "number") return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(toCel);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toCel(v);
    return out;
  }
  return value;
}

function fromCel(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (isCelList(value)) return [...(value as Iterable<unknown>)].map(fromCel);
  if (isCelMap(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value as unknown as Iterable<[unknown, unknown]>) out[String(k)] = fromCel(v);
    return out;
  }
  return value;
}

// The same event is usually converted several times in a row (its concurrency key, throttle key and
// priority when a run is built; the new event against every run a cancelOn checks), so the last two
// conversions are kept. Events are never changed once ingested.
const recent: Array<[unknown, unknown]> = [];
function toCelCached(value: unknown): unknown {
  if (!value || typeof value !== "object") return toCel(value);
  for (const [k, v] of recent) if (k === value) return v;
  const out = toCel(value);
  recent.unshift([value, out]);
  if (recent.length > 2) recent.pop();
  return out;
}

export type EvalResult = { ok: true; value: unknown } | { ok: false; error: string };

export function evaluate(expr: string, vars: { event?: unknown; async?: unknown }): EvalResult {
  const program = compile(expr);
  if (program instanceof Error) return { ok: false, error: `invalid expression "${expr}": ${program.message}` };
  const bindings: Record<string, unknown> = {};
  if (vars.event !== undefined) bindings.event = toCelCached(vars.event);
  if (vars.async !== undefined) bindings.async = toCelCached(vars.async);
  try {
    const r = program(bindings);
    if (isCelError(r)) return { ok: false, error: (r as Error).message };
    return { ok: true, value: fromCel(r) };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/** A condition holds only when it evaluates to `true`; errors (missing fields…) count as false. */
export function holds(expr: string | undefined, vars: { event?: unknown; async?: unknown }): boolean {
  if (!expr) return true;
  const r = evaluate(expr, vars);
  return r.ok && r.value === true;
}

/** A key expression's value as a string; a failed evaluation yields "" so such runs share one key. */
export function keyOf(expr: string, vars: { event?: unknown }): string {
  const r = evaluate(expr, vars);
  if (!r.ok) return "";
  const v = r.value;
  return typeof v === "string" ? v : (JSON.stringify(v) ?? "");
}

export function numberOf(expr: string, vars: { event?: unknown }): number | undefined {
  const r = evaluate(expr, vars);
  return r.ok && typeof r.value === "number" && Number.isFinite(r.value) ? r.value : undefined;
}

export function checkExpression(expr: string): string | undefined {
  const p = compile(expr);
  return p instanceof Error ? p.message : undefined;
}
