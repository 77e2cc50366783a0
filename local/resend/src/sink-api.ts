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

/**
 * `{object:"list", count, data:[…]}` written a few hundred KB at a time, waiting for the client to take
 * each part: at 100,000 emails the answer is over 100 MB, which as one string would be a few hundred MB
 * of the sink's memory at once.
 */
async function sendJsonList(res: ServerResponse, count: number, items: Iterable<unknown>): Promise<void> {
  res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
  let part = `{"object":"list","count":${count},"data":[`;
  let first = true;
  for (const item of items) {
    part += (first ? "" : ",") + JSON.stringify(item);
    first = false;
    if (part.length >= 256 * 1024) {
      const full = !res.write(part);
      part = "";
      if (full && !(await drained(res))) return; // the client went away
    }
  }
  res.end(part + "]}");
}

/** Resolves true once `res` takes more, false if the connection closed first. */
function drained(res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean) => () => {
      res.off("drain", onDrain);
      res.off("close", onClose);
      resolve(ok);
    };
    const onDrain = done(true);
    const onClose = done(false);
    res.on("drain", onDrain);
    res.on("close", onClose);
  });
}

/** JSON endpoints for tests and benchmarks, under /_sink/. Not part of Resend's API. */
export async function handleSinkApi(req: IncomingMessage, res: ServerResponse, url: URL, ctx: SinkApiContext): Promise<void> {
  const p = url.pathname;
  const m = req.method;
  try {
    if (p === "/_sink/health") return sendJson(res, 200, { ok: true });
    if (p === "/_sink/emails" && m === "GET") {
      const { count, emails } = ctx.store.select({ to: url.searchParams.get("to") ?? undefined });
      return sendJsonList(res, count, emails);
    }
    if (p === "/_sink/emails" && m === "DELETE") return sendJson(res, 200, { deleted: ctx.store.clear() });
    if (p === "/_sink/counts" && m === "GET") {
      const byRecipient = ctx.store.countsByRecipient();
      return sendJson(res, 200, {
        total: ctx.store.size,
        byRecipient,
        held: ctx.faults.heldCount,
        requests: ctx.faults.requests.total,
        rateLimited: ctx.faults.requests.rateLimited,
      });
    }
    if (p === "/_sink/requests" && m === "GET") {
      const since = Number(url.searchParams.get("since") ?? 0) || 0;
      return sendJson(res, 200, { data: ctx.faults.requestLog.filter((r) => r.at >= since) });
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
        ctx.lifecycle.emit(email.id, type);
        return sendJson(res, 200, ctx.store.get(email.id));
      }
    }
    return sendJson(res, 404, { error: "not found" });
  } catch (err) {
    return sendJson(res, 400, { error: err instanceof Error ? err.message : String(err) });
  }
}
