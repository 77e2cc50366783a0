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
  const emails = store.list({ to }).reverse(); // newest first
  const rows = emails
    .slice(0, 500)
    .map(
      (m) => `<tr><td>${e(new Date(m.created_at).toLocaleString("en-US"))}</td><td>${e(m.to.join(", "))}</td>
<td><a href="/inbox/${encodeURIComponent(m.id)}">${e(m.subject)}</a></td><td>${e(m.from)}</td><td><span class="ev ${m.last_event}">${m.last_event}</span></td></tr>`,
    )
    .join("");
  const filter = `<form method="get" action="/"><input name="to" placeholder="filter by recipient" value="${e(to ?? "")}"> <button>Filter</button></form>`;
  const more = emails.length > 500 ? `<p>Showing the newest 500 of ${emails.length}.</p>` : "";
  return layout(
    "Resend sink",
    `<p>${emails.length} email(s). ${filter} <a href="/">refresh</a></p>${webhookLine(webhooks)}${more}
<table><thead><tr><th>Received</th><th>To</th><th>Subject</th><th>From</th><th>Status</th></tr></thead><tbody>${rows || '<tr><td colspan="5">No email yet.</td></tr>'}</tbody></table>`,
  );
}

export function inboxEmailPage(m: StoredEmail): string {
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
  // sandbox="" (no allow-scripts, no same-origin): the email's HTML can neither run code nor reach this page.
  const html = m.html
    ? `<iframe sandbox="" referrerpolicy="no-referrer" title="HTML body" srcdoc="${e(m.html)}"></iframe>`
    : "<p>(no HTML part)</p>";
  return layout(
    m.subject,
    `<h2>${e(m.subject)}</h2><table>${headerRows.map(([k, v]) => `<tr><th>${e(k)}</th><td>${e(v)}</td></tr>`).join("")}</table>
<h3>Events</h3><ul>${events}</ul><h3>HTML</h3>${html}<h3>Text</h3><pre>${e(m.text ?? "(no text part)")}</pre>
<p><a href="/_sink/emails/${encodeURIComponent(m.id)}">JSON</a></p>`,
  );
}
