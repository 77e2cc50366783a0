import type { Engine } from "../engine/engine.js";
import { TERMINAL } from "../store/types.js";
import { runState } from "./views.js";

const esc = (s: unknown) =>
  String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
const time = (ms?: number) => (ms ? new Date(ms).toISOString().replace("T", " ").slice(0, 23) : "");
const dur = (a?: number, b?: number) => (a && b ? `${b - a} ms` : "");

/** One self-refreshing page: recent events, runs with their steps, attempts, errors and waits. */
export function renderPage(e: Engine): string {
  const runs = [...e.state.runs.values()].slice(-100).reverse();
  const events = [...e.state.events.values()].slice(-50).reverse();
  const fns = [...e.state.fns.values()];
  const runRows = runs
    .map((r) => {
      const s = runState(e, r);
      const steps = Object.values(r.log)
        .map((l) => {
          const err = l.error ? ` — <span class="err">${esc(l.error.name)}: ${esc(l.error.message)}</span>` : "";
          const until = l.until && !TERMINAL.has(r.status) && l.status !== "completed" ? ` until ${time(l.until)}` : "";
          return `<li><b>${esc(l.name ?? l.id)}</b> ${esc(l.op ?? "")} <i>${esc(l.status)}</i> attempts ${l.attempts ?? 0} ${dur(l.startedAt, l.endedAt)}${until}${err}</li>`;
        })
        .join("");
      const err = r.error ? `<div class="err">${esc(r.error.name)}: ${esc(r.error.message)}</div>` : "";
      return `<tr class="${esc(s.status)}"><td><a href="/v1/runs/${esc(r.id)}">${esc(r.id)}</a></td><td>${esc(r.fnId)}</td>
        <td><b>${esc(s.status)}</b>${s.waiting ? `<div class="why">${esc(s.waiting)}</div>` : ""}${err}</td>
        <td>${esc(r.event.name)}</td><td>${time(r.createdAt)}<br>${dur(r.createdAt, r.endedAt)}</td><td><ul>${steps}</ul></td></tr>`;
    })
    .join("");
  const eventRows = events
    .map(
      (ev) => `<tr><td>${esc(ev.internalId)}</td><td>${esc(ev.event.name)}</td><td>${esc(ev.event.id)}</td><td>${time(ev.receivedAt)}</td>
        <td>${ev.runIds.map((id) => `<a href="/v1/runs/${esc(id)}">${esc(id)}</a>`).join("<br>")}</td>
        <td><code>${esc(JSON.stringify(ev.event.data).slice(0, 200))}</code></td></tr>`,
    )
    .join("");
  const fnRows = fns
    .map(({ fn, app }) => `<tr><td>${esc(fn.id)}</td><td>${esc(app)}</td><td>${esc(fn.triggers.map((t) => t.event ?? `cron ${t.cron}`).join(", "))}</td>
      <td><code>${esc(JSON.stringify({ concurrency: fn.concurrency, throttle: fn.throttle, rateLimit: fn.rateLimit, priority: fn.priority, idempotency: fn.idempotency, cancel: fn.cancel }))}</code></td></tr>`)
    .join("");
  return `<!doctype html><html><head><meta charset="utf-8"><title>Inngest (local executor)</title>
<meta http-equiv="refresh" content="2">
<style>body{font:13px system-ui,sans-serif;margin:16px}table{border-collapse:collapse;width:100%;margin-bottom:24px}
td,th{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}ul{margin:0;padding-left:16px}
.err{color:#b00}.why{color:#666}.Completed b{color:#080}.Failed b{color:#b00}.Cancelled b{color:#888}code{font-size:11px}</style></head>
<body><h1>Inngest — local executor</h1>
<p>${e.state.active.size} active runs · ${e.scheduler.inflightCount} calls in flight · ${e.scheduler.queuedCount()} queued ·
apps: ${[...e.state.apps.values()].map((a) => `${esc(a.name)} (${esc(a.url)}, synced ${time(a.syncedAt)})`).join(", ") || "none synced yet"}</p>
<h2>Runs</h2><table><tr><th>run</th><th>function</th><th>status</th><th>event</th><th>created / took</th><th>steps</th></tr>${runRows}</table>
<h2>Events</h2><table><tr><th>internal id</th><th>name</th><th>id</th><th>received</th><th>runs</th><th>data</th></tr>${eventRows}</table>
<h2>Functions</h2><table><tr><th>id</th><th>app</th><th>triggers</th><th>flow control</th></tr>${fnRows}</table>
</body></html>`;
}
