import type { Engine } from "../engine/engine.js";
import type { Run } from "../store/types.js";
import { runState } from "./views.js";
import { esc, layout, time, WAITING } from "./ui.js";

const json = (v: unknown) => `<pre>${esc(JSON.stringify(v, null, 2))}</pre>`;

/** One run in full: trigger event, every step (attempts, timings, errors, results) and pending work. */
export function renderRun(e: Engine, run: Run): string {
  const s = runState(e, run);
  const executing = e.scheduler.executing.get(run.id);
  const steps = Object.values(run.log)
    .map((l) => {
      const memo = run.steps[l.id];
      const result = memo ? (memo.type === "data" ? json(memo.data) : memo.type === "error" ? json(memo.error) : json(memo)) : "";
      const error = l.error
        ? `<div class="err">${esc(l.error.name)}: ${esc(l.error.message)}${l.error.stack ? `<pre>${esc(l.error.stack)}</pre>` : ""}</div>`
        : "";
      return `<tr><td><b>${esc(l.name ?? l.id)}</b><br><code>${esc(l.id)}</code></td><td>${esc(l.op ?? "")}</td><td>${esc(l.status)}</td>
        <td>${l.attempts ?? 0}</td><td>${time(l.startedAt)}<br>${l.startedAt && l.endedAt ? `${l.endedAt - l.startedAt} ms` : ""}${l.until && WAITING.has(l.status) ? `<br>until ${time(l.until)}` : ""}</td>
        <td>${error}${result}</td></tr>`;
    })
    .join("");
  const pending = Object.entries(run.pending)
    .map(
      ([k, p]) =>
        `<li><code>${esc(k)}</code> ${esc(p.kind)} ${executing?.has(k) ? "<b>executing now</b>" : ""} <code>${esc(JSON.stringify({ ...p, tok: undefined }))}</code></li>`,
    )
    .join("");
  const body = `<p><a href="/">← all runs</a></p>
<h1>${esc(run.fnId)} <small>${esc(run.id)}</small></h1>
<p><b class="${esc(s.status)}">${esc(s.status)}</b>${s.waiting ? ` — <span class="why">${esc(s.waiting)}</span>` : ""}</p>
<p>created ${time(run.createdAt)} · started ${time(run.startedAt)} · ended ${time(run.endedAt)} · max attempts per step ${run.maxAttempts}
${run.priority ? ` · priority ${run.priority}s` : ""}${run.ckeys.length ? ` · concurrency ${esc(run.ckeys.map((c) => `${c.key} ≤ ${c.limit}`).join(", "))}` : ""}${run.tkey ? ` · throttle key ${esc(run.tkey)}` : ""}
${run.parent ? ` · invoked by <a href="/runs/${esc(run.parent.runId)}">${esc(run.parent.runId)}</a>` : ""}</p>
${run.error ? `<h2>Error</h2><div class="err">${esc(run.error.name)}: ${esc(run.error.message)}</div>${run.error.stack ? `<pre>${esc(run.error.stack)}</pre>` : ""}` : ""}
${run.status === "Completed" ? `<h2>Output</h2>${json(run.output)}` : ""}
<h2>Steps</h2><table><tr><th>step</th><th>op</th><th>status</th><th>attempts</th><th>when</th><th>result / error</th></tr>${steps}</table>
${pending ? `<h2>Pending</h2><ul>${pending}</ul>` : ""}
<h2>Event</h2>${json(run.events && run.events.length > 1 ? run.events : run.event)}
<p><a href="/v1/runs/${esc(run.id)}">JSON</a></p>`;
  return layout(`Run ${run.id}`, body, !["Completed", "Failed", "Cancelled"].includes(run.status));
}
