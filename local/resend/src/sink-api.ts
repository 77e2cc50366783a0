import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmailLifecycle } from "./email-lifecycle";
import type { EmailStore } from "./email-store";
import { parseFaultPatch, type FaultInjector } from "./fault-injector";
import { readBody, sendJson } from "./http-util";
import type { WebhookEventType } from "./types";
import type { WebhookSender, WebhookView } from "./webhook-sender";

export type SinkApiContext = { store: EmailStore; faults: FaultInjector; lifecycle: EmailLifecycle; webhooks: WebhookSender };

const EVENT_TYPES: WebhookEventType[] = ["email.sent", "email.delivered", "email.bounced", "email.complained"];
const WEBHOOK_STATUSES: WebhookView["status"][] = ["pending", "sending", "failed", "delivered"];

async function readJson(req: IncomingMessage): Promise<unknown> {
  const raw = await readBody(req);
  return raw.trim() === "" ? {} : JSON.parse(raw);
}

/** JSON endpoints for tests and benchmarks, under /_sink/. Not part of Resend's API. */
export async function handleSinkApi(req: IncomingMessage, res: ServerResponse, url: URL, ctx: SinkApiContext): Promise<void> {
  const p = url.pathname;
  const m = req.method;
  try {
    if (p === "/_sink/health") return sendJson(res, 200, { ok: true });
    if (p === "/_sink/emails" && m === "GET") {
      const data = ctx.store.list({ to: url.searchParams.get("to") ?? undefined });
      return sendJson(res, 200, { object: "list", count: data.length, data });
    }
    if (p === "/_sink/emails" && m === "DELETE") return sendJson(res, 200, { deleted: ctx.store.clear() });
    if (p === "/_sink/counts" && m === "GET") {
      const byRecipient = ctx.store.countsByRecipient();
      return sendJson(res, 200, {
        total: ctx.store.list().length,
        byRecipient,
        held: ctx.faults.heldCount,
        requests: ctx.faults.requests.total,
        rateLimited: ctx.faults.requests.rateLimited,
      });
    }
    if (p === "/_sink/webhooks" && m === "GET") {
      const status = url.searchParams.get("status") ?? undefined;
      if (status && !WEBHOOK_STATUSES.includes(status as WebhookView["status"]))
        return sendJson(res, 400, { error: `status must be one of ${WEBHOOK_STATUSES.join(", ")}` });
      const limit = url.searchParams.get("limit");
      const data = ctx.webhooks.list({
        status: status as WebhookView["status"] | undefined,
        emailId: url.searchParams.get("email_id") ?? undefined,
        limit: limit ? Number(limit) || 100 : undefined,
      });
      return sendJson(res, 200, {
        enabled: ctx.webhooks.enabled,
        counts: ctx.webhooks.counts(),
        scheduleMs: ctx.webhooks.schedule.delaysMs,
        data,
      });
    }
    if (p === "/_sink/webhooks/retry" && m === "POST") {
      const requeued = ctx.webhooks.retryNow();
      // The inbox page's "Retry now" button: back to the inbox.
      if (String(req.headers["content-type"] ?? "").includes("form-urlencoded")) return void res.writeHead(303, { location: "/" }).end();
      return sendJson(res, 200, { requeued, counts: ctx.webhooks.counts() });
    }
    if (p === "/_sink/faults") {
      if (m === "GET") return sendJson(res, 200, ctx.faults.settings);
      if (m === "DELETE") return sendJson(res, 200, ctx.faults.reset());
      if (m === "POST" || m === "PUT" || m === "PATCH") return sendJson(res, 200, ctx.faults.update(parseFaultPatch(await readJson(req))));
    }
    const one = /^\/_sink\/emails\/([^/]+)(\/events)?$/.exec(p);
    if (one) {
      const email = ctx.store.get(decodeURIComponent(one[1]));
      if (!email) return sendJson(res, 404, { error: "email not found" });
      if (!one[2] && m === "GET") return sendJson(res, 200, email);
      if (one[2] && m === "POST") {
        const body = (await readJson(req)) as { type?: string };
        const type = body.type as WebhookEventType;
        if (!EVENT_TYPES.includes(type)) return sendJson(res, 400, { error: `type must be one of ${EVENT_TYPES.join(", ")}` });
        ctx.lifecycle.emit(email, type);
        return sendJson(res, 200, ctx.store.get(email.id));
      }
    }
    return sendJson(res, 404, { error: "not found" });
  } catch (err) {
    return sendJson(res, 400, { error: err instanceof Error ? err.message : String(err) });
  }
}
