import { keyOf, numberOf } from "../expr.js";
import { intern, internKeys } from "../util/intern.js";
import type { ConcurrencyOpt, EventPayload, FnConfig } from "../store/types.js";

/**
 * Concurrency slots a run's steps need, evaluated once on the triggering event. `fn` scope keys are
 * private to the function; `env`/`account` keys are shared by every function whose key evaluates
 * to the same value, which is how one provider-wide limit spans several functions.
 */
export function concurrencyKeys(fn: FnConfig, event: EventPayload): Array<{ key: string; limit: number }> {
  const raw = fn.concurrency;
  if (raw === undefined || raw === null) return [];
  const list: ConcurrencyOpt[] = typeof raw === "number" ? [{ limit: raw }] : Array.isArray(raw) ? raw : [raw];
  const out: Array<{ key: string; limit: number }> = [];
  for (const c of list.slice(0, 2)) {
    if (!c || typeof c.limit !== "number" || c.limit <= 0) continue;
    const value = c.key ? keyOf(c.key, { event }) : "";
    const scope = c.scope ?? "fn";
    out.push({ key: scope === "fn" ? `fn:${fn.id}:${value}` : `${scope}:${value}`, limit: c.limit });
  }
  // Shared by every run with the same keys (runs never change their list in place).
  return internKeys(out);
}

export function throttleKey(fn: FnConfig, event: EventPayload): string | undefined {
  if (!fn.throttle) return undefined;
  return intern(`${fn.id}:${fn.throttle.key ? keyOf(fn.throttle.key, { event }) : ""}`);
}

/** `priority.run` gives seconds (−600..600) by which a run's work jumps ahead in its queue. */
export function runPriority(fn: FnConfig, event: EventPayload): number {
  if (!fn.priority?.run) return 0;
  const n = numberOf(fn.priority.run, { event });
  return n === undefined ? 0 : Math.max(-600, Math.min(600, n));
}
