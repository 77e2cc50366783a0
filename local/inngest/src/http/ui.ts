import type { Engine } from "../engine/engine.js";
import { TERMINAL } from "../store/types.js";
import { runState } from "./views.js";

export const esc = (s: unknown) =>
  String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
export const time = (ms?: number) => (ms ? new Date(ms).toISOString().replace("T", " ").slice(0, 23) : "");
const dur = (a?: number, b?: number) => (a && b ? `${b - a} ms` : "");
/** Step states whose `until` is a deadline still ahead (retry time, wake-up, timeout). */
export const WAITING = new Set(["errored", "sleeping", "waiting", "invoking"]);

export function layout(title: string, body: string, refresh: boolean): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title>
${refresh ? '<meta http-equiv="refresh" content="2">' : ""}
<style>body{font:13px system-ui,sans-serif;margin:16px}table{border-collapse:collapse;width:100%;margin-bottom:24px}
td,th{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}ul{margin:0;padding-left:16px}
pre{font-size:11px;max-height:240px;overflow:auto;background:#f6f6f6;padding:4px;margin:2px 0}
.err{color:#b00}.why{color:#666}.Completed,.Completed b{color:#080}.Failed,.Failed b{color:#b00}.Cancelled b{color:#888}code{font-size:11px}
nav a{margin-right:8px}</style></head><body>${body}</body></html>`;
}

/** Recent runs (filter with ?status= and ?fn=), with steps, attempts, errors and why they wait; events; functions. */
export function renderPage(e: Engine, q: URLSearchParams): string {
  const status = q.get("status")?.toLowerCase();
  const fn = q.get("fn");
  const runs = e.listRuns((r) => (!fn || r.fnId === fn) && (!status || runState(e, r).status.toLowerCase() === status), 100);
  const runRows = runs
    .map((r) => {
      const s = runState(e, r);
      const steps = Object.values(r.log)
        .map((l) => {
          const err = l.error ? ` — <span class="err">${esc(l.error.name)}: ${esc(l.error.message)}</span>` : "";
          const until = l.until && !TERMINAL.has(r.status) && WAITING.has(l.status) ? ` until ${time(l.until)}` : "";
          return `<li><b>${esc(l.name ?? l.id)}</b> ${esc(l.op ?? "")} <i>${esc(l.status)}</i> ×${l.attempts ?? 0} ${dur(l.startedAt, l.endedAt)}${until}${err}</li>`;
        })
        .join("");
      const err = r.error ? `<div class="err">${esc(r.error.name)}: ${esc(r.error.message)}</div>` : "";
      return `<tr><td><a href="/runs/${esc(r.id)}">${esc(r.id)}</a></td><td><a href="/?fn=${esc(r.fnId)}">${esc(r.fnId)}</a></td>
        <td class="${esc(s.status)}"><b>${esc(s.status)}</b>${s.waiting ? `<div class="why">${esc(s.waiting)}</div>` : ""}${err}</td>
        <td>${esc(r.event.name)}</td><td>${time(r.createdAt)}<br>${dur(r.createdAt, r.endedAt)}</td><td><ul>${steps}</ul></td></tr>`;
    })
    .join("");
  const eventRows = [...e.state.events.values()]
    .slice(-50)
    .reverse()
    .map(
      (ev) => `<tr><td>${esc(ev.internalId)}</td><td>${esc(ev.event.name)}</td><td>${esc(ev.event.id)}</td><td>${time(ev.receivedAt)}</td>
        <td>${ev.runIds.map((id) => `<a href="/runs/${esc(id)}">${esc(id)}</a>`).join("<br>")}</td>
        <td><code>${esc(JSON.stringify(ev.event.data).slice(0, 200))}</code></td></tr>`,
    )
    .join("");
  const fnRows = [...e.state.fns.values()]
    .map(
      ({
        fn: f,
        app,
      }) => `<tr><td><a href="/?fn=${esc(f.id)}">${esc(f.id)}</a></td><td>${esc(app)}</td><td>${esc(f.triggers.map((t) => t.event ?? `cron ${t.cron}`).join(", "))}</td>
      <td><code>${esc(JSON.stringify({ concurrency: f.concurrency, throttle: f.throttle, rateLimit: f.rateLimit, priority: f.priority, idempotency: f.idempotency, cancel: f.cancel, debounce: f.debounce, batchEvents: f.batchEvents }))}</code></td></tr>`,
    )
    .join("");
  const filters = ["", "Queued", "Running", "Sleeping", "Waiting", "Completed", "Failed", "Cancelled"]
    .map((st) => `<a href="/?${new URLSearchParams({ ...(fn ? { fn } : {}), ...(st ? { status: st } : {}) })}">${st || "all"}</a>`)
    .join("");
  const apps = [...e.state.apps.values()].map((a) => `${esc(a.name)} (${esc(a.url)}, synced ${time(a.syncedAt)})`).join(", ");
  return layout(
    "Inngest (local executor)",
    `<h1>Inngest — local executor</h1>
<p>${e.state.active.size} active runs · ${e.scheduler.inflightCount} calls in flight · ${e.scheduler.queuedCount()} queued · apps: ${apps || "none synced yet"}</p>
<h2>Runs${fn ? ` of ${esc(fn)}` : ""}</h2><nav>${filters}</nav>
<table><tr><th>run</th><th>function</th><th>status</th><th>event</th><th>created / took</th><th>steps</th></tr>${runRows}</table>
<h2>Events</h2><table><tr><th>internal id</th><th>name</th><th>id</th><th>received</th><th>runs</th><th>data</th></tr>${eventRows}</table>
<h2>Functions</h2><table><tr><th>id</th><th>app</th><th>triggers</th><th>flow control</th></tr>${fnRows}</table>`,
    true,
  );
}
