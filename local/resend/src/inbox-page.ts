import type { EmailStore } from "./email-store";
import { escapeHtml as e } from "./http-util";
import type { StoredEmail } from "./types";
import type { WebhookSender } from "./webhook-sender";

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1f2933;background:#f5f7fa}
header{background:#1d3b6f;color:#fff;padding:12px 24px}header a{color:#fff}main{padding:16px 24px}
table{border-collapse:collapse;width:100%;background:#fff}td,th{border-bottom:1px solid #e4e7eb;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#eef2f7}.ev{font-size:12px;padding:1px 6px;border-radius:8px;background:#e4e7eb}.bounced,.complained{background:#fde2e1}.delivered{background:#d9f2e3}
iframe{width:100%;height:640px;border:1px solid #cbd2d9;background:#fff}pre{white-space:pre-wrap;background:#fff;border:1px solid #cbd2d9;padding:12px}
form{display:inline}input{padding:4px}`;

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${e(title)}</title><style>${STYLE}</style></head>
<body><header><a href="/"><strong>Resend sink</strong></a> — every email the app sent, as sent</header><main>${body}</main></body></html>`;
}

function webhookLine(webhooks: WebhookSender | undefined): string {
  if (!webhooks?.enabled) return "<p>Webhooks: off (no RESEND_SINK_WEBHOOK_URL).</p>";
  const c = webhooks.counts();
  const retry = c.pending + c.failed > 0 ? ` <form method="post" action="/_sink/webhooks/retry"><button>Retry now</button></form>` : "";
  return `<p>Webhooks: <span class="ev">${c.pending} pending</span> <span class="ev">${c.sending} sending</span> <span class="ev ${c.failed ? "bounced" : ""}">${c.failed} failed</span> <span class="ev delivered">${c.delivered} delivered</span> — <a href="/_sink/webhooks">details (JSON)</a>${retry}</p>`;
}

export function inboxListPage(store: EmailStore, to?: string, webhooks?: WebhookSender): string {
  const { total, emails } = store.newest(500, { to });
  const rows = emails
    .map(
      (m) => `<tr><td>${e(new Date(m.created_at).toLocaleString("en-US"))}</td><td>${e(m.to.join(", "))}</td>
<td><a href="/inbox/${encodeURIComponent(m.id)}">${e(m.subject)}</a></td><td>${e(m.from)}</td><td><span class="ev ${m.last_event}">${m.last_event}</span></td></tr>`,
    )
    .join("");
  const filter = `<form method="get" action="/"><input name="to" placeholder="filter by recipient" value="${e(to ?? "")}"> <button>Filter</button></form>`;
  const more = total > emails.length ? `<p>Showing the newest ${emails.length} of ${total}.</p>` : "";
  const kept =
    store.size > store.bodiesKept
      ? `<p>Bodies (HTML, text, headers) are kept for the newest ${store.keepBodies} emails only (<code>RESEND_SINK_KEEP_BODIES</code>); older ones keep their metadata and events.</p>`
      : "";
  return layout(
    "Resend sink",
    `<p>${total} email(s). ${filter} <a href="/">refresh</a></p>${webhookLine(webhooks)}${more}${kept}
<table><thead><tr><th>Received</th><th>To</th><th>Subject</th><th>From</th><th>Status</th></tr></thead><tbody>${rows || '<tr><td colspan="5">No email yet.</td></tr>'}</tbody></table>`,
  );
}

export function inboxEmailPage(m: StoredEmail, keepBodies?: number): string {
  const headerRows: [string, string][] = [
    ["From", m.from],
    ["To", m.to.join(", ")],
    ...(m.cc ? ([["Cc", m.cc.join(", ")]] as [string, string][]) : []),
    ...(m.reply_to ? ([["Reply-To", m.reply_to.join(", ")]] as [string, string][]) : []),
    ["Subject", m.subject],
    ["Date", m.created_at],
    ["Resend id", m.id],
    ["Idempotency-Key", m.idempotency_key ?? "(none)"],
    ...Object.entries(m.headers ?? {}),
    ...(m.tags ?? []).map((t) => [`Tag ${t.name}`, t.value] as [string, string]),
  ];
  const events = m.events.map((ev) => `<li><span class="ev ${ev.type.slice(6)}">${e(ev.type)}</span> ${e(ev.at)}</li>`).join("");
  const dropped = m.body_dropped
    ? `<p><strong>Body dropped.</strong> The sink keeps the HTML, text and headers of its newest ${keepBodies ?? "N"} emails only (<code>RESEND_SINK_KEEP_BODIES</code>); this one is older. Its metadata and events are kept; the full email is still in <code>emails.jsonl</code> in the data dir.</p>`
    : "";
  // sandbox="" (no allow-scripts, no same-origin): the email's HTML can neither run code nor reach this page.
  const html = m.html
    ? `<iframe sandbox="" referrerpolicy="no-referrer" title="HTML body" srcdoc="${e(m.html)}"></iframe>`
    : m.body_dropped
      ? "<p>(dropped)</p>"
      : "<p>(no HTML part)</p>";
  const text = m.text ?? (m.body_dropped ? "(dropped)" : "(no text part)");
  return layout(
    m.subject,
    `<h2>${e(m.subject)}</h2><table>${headerRows.map(([k, v]) => `<tr><th>${e(k)}</th><td>${e(v)}</td></tr>`).join("")}</table>
${dropped}<h3>Events</h3><ul>${events}</ul><h3>HTML</h3>${html}<h3>Text</h3><pre>${e(text)}</pre>
<p><a href="/_sink/emails/${encodeURIComponent(m.id)}">JSON</a></p>`,
  );
}
