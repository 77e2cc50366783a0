import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmailLifecycle } from "./email-lifecycle";
import type { EmailStore } from "./email-store";
import { parseFaultPatch, type FaultInjector } from "./fault-injector";
import { readBody, sendJson } from "./http-util";
import type { WebhookEventType } from "./types";
import type { WebhookSender } from "./webhook-sender";

export type SinkApiContext = { store: EmailStore; faults: FaultInjector; lifecycle: EmailLifecycle; webhooks: WebhookSender };

const EVENT_TYPES: WebhookEventType[] = ["email.sent", "email.delivered", "email.bounced", "email.complained"];

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
      return sendJson(res, 200, { total: ctx.store.list().length, byRecipient });
    }
    if (p === "/_sink/webhooks" && m === "GET") return sendJson(res, 200, { data: ctx.webhooks.log });
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
