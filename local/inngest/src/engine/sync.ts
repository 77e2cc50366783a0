import { checkExpression } from "../expr.js";
import { checkBearer, signBody } from "../signing.js";
import type { AppRecord, FnConfig } from "../store/types.js";
import type { Engine } from "./engine.js";
import { request } from "./http-client.js";

// Options this executor does not know are reported at sync (and in /v1/functions) instead of being
// silently ignored.
const KNOWN = new Set([
  "id",
  "name",
  "triggers",
  "steps",
  "concurrency",
  "throttle",
  "rateLimit",
  "idempotency",
  "priority",
  "cancel",
  "debounce",
  "batchEvents",
  "timeouts",
  "singleton",
]);

export function fnWarnings(fn: FnConfig): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(fn))
    if (!KNOWN.has(k) && v !== undefined && v !== null) out.push(`"${k}" is not implemented by the local executor and is ignored`);
  const exprs = [
    ...(fn.triggers ?? []).map((t) => t.expression),
    fn.idempotency,
    fn.priority?.run,
    fn.throttle?.key,
    fn.rateLimit?.key,
    ...(fn.cancel ?? []).map((c) => c.if),
    ...(Array.isArray(fn.concurrency) ? fn.concurrency : typeof fn.concurrency === "object" && fn.concurrency ? [fn.concurrency] : []).map(
      (c) => c.key,
    ),
  ];
  for (const x of exprs) {
    const err = x ? checkExpression(x) : undefined;
    if (err) out.push(`expression "${x}" does not parse: ${err}`);
  }
  return out;
}

/** `POST /fn/register`: the SDK's answer to our PUT. A new sync of an app replaces its functions. */
export function register(e: Engine, body: unknown, authorization: string | undefined): { status: number; body: unknown } {
  const keys = [e.opts.signingKey, e.opts.signingKeyFallback].filter((k): k is string => !!k);
  if (keys.length && !checkBearer(authorization, keys)) {
    // The SDK reads `status` from the body (defaulting to 200), so it must be repeated there.
    return { status: 401, body: { ok: false, status: 401, error: "invalid or missing signing key (Authorization: Bearer <hashed key>)" } };
  }
  const b = body as { appName?: string; url?: string; functions?: FnConfig[]; sdk?: string };
  if (!b || typeof b.url !== "string" || !Array.isArray(b.functions))
    return { status: 400, body: { ok: false, status: 400, error: "expected {url, appName, functions}" } };
  const app: AppRecord = {
    name: b.appName || new URL(b.url).host,
    url: b.url,
    fns: b.functions,
    syncedAt: Date.now(),
    ...(b.sdk ? { sdk: b.sdk } : {}),
  };
  e.commit({ t: "app", app });
  e.log(`synced app "${app.name}" from ${app.url}: ${app.fns.map((f) => f.id).join(", ") || "no functions"}`);
  for (const fn of app.fns) for (const w of fnWarnings(fn)) e.log(`  ${fn.id}: ${w}`);
  e.onSynced();
  return { status: 200, body: { ok: true, status: 200, modified: true } };
}

/** `PUT <serve URL>` makes the SDK register its functions with us (out-of-band sync). */
export async function syncUrl(e: Engine, url: string): Promise<{ ok: boolean; status?: number; message: string }> {
  const headers: Record<string, string> = { "x-inngest-server-kind": e.opts.signingKey ? "cloud" : "dev" };
  if (e.opts.signingKey) headers["x-inngest-signature"] = signBody("", e.opts.signingKey);
  try {
    const res = await request(new URL(url), "PUT", undefined, headers, 30_000);
    let message = res.text;
    try {
      const j = JSON.parse(res.text) as { message?: string };
      message = j.message ?? res.text;
    } catch {
      // keep text
    }
    return { ok: res.status >= 200 && res.status < 300, status: res.status, message: message.slice(0, 500) };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { ok: false, message: e.message || e.code || String(err) };
  }
}

/** Keeps trying until the app answers (it may start after us), then stops. */
export async function syncUntilAnswered(e: Engine, url: string): Promise<void> {
  let delay = 250;
  let warned = false;
  while (!e.closed) {
    const r = await syncUrl(e, url);
    if (r.ok) return;
    if (!warned || delay >= 5000) e.log(`sync of ${url} failed (${r.status ?? "no answer"}: ${r.message}); retrying`);
    warned = true;
    await new Promise((res) => setTimeout(res, delay));
    delay = Math.min(delay * 2, 5000);
  }
}
