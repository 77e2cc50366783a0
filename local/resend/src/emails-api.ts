import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmailStore } from "./email-store";
import type { FaultInjector } from "./fault-injector";
import { readBody, resendError, sendError, sendJson, sleep } from "./http-util";
import type { RateLimiter } from "./rate-limiter";
import type { ResendErrorBody, StoredEmail } from "./types";
import { validateEmailPayload } from "./validate-email-payload";

export type ApiContext = {
  store: EmailStore;
  faults: FaultInjector;
  limiter: RateLimiter;
  apiKey?: string;
  inflight: Set<string>;
  onAccepted: (email: StoredEmail) => void;
};

const BATCH_MAX = 100;

/** The subset of Resend's HTTP API the SDK uses for sending: POST /emails, POST /emails/batch, GET /emails/:id. */
export async function handleEmailsApi(req: IncomingMessage, res: ServerResponse, url: URL, ctx: ApiContext): Promise<void> {
  const auth = req.headers.authorization ?? "";
  if (!auth.startsWith("Bearer ") || auth.length <= 7) {
    return sendError(
      res,
      resendError(
        401,
        "missing_api_key",
        "Missing API key in the authorization header. Include the following header in the request: Authorization: Bearer YOUR_API_KEY",
      ),
    );
  }
  if (ctx.apiKey && auth.slice(7) !== ctx.apiKey) return sendError(res, resendError(403, "invalid_api_key", "API key is invalid"));

  if (ctx.faults.inOutage()) {
    if (ctx.faults.settings.outageMode === "reset") return void req.socket.destroy();
    res.writeHead(503, { "content-type": "text/html" });
    return void res.end("<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>");
  }

  ctx.faults.requests.total += 1;
  const limit = ctx.faults.settings.rateLimitPerSecond;
  const now = Date.now();
  const rl = ctx.limiter.check(limit, now);
  ctx.faults.logRequest(now, !rl.ok);
  if (!rl.ok) {
    ctx.faults.requests.rateLimited += 1;
    return sendError(
      res,
      resendError(
        429,
        "rate_limit_exceeded",
        `Too many requests. You can only make ${limit} requests per second. See rate limit response headers for more information.`,
      ),
      {
        "retry-after": String(rl.retryAfterSeconds),
        "ratelimit-limit": String(limit),
        "ratelimit-remaining": "0",
        "ratelimit-reset": String(rl.retryAfterSeconds),
      },
    );
  }

  const getMatch = /^\/emails\/([^/]+)$/.exec(url.pathname);
  if (req.method === "GET" && getMatch) {
    await sleep(ctx.faults.latency());
    const email = ctx.store.get(decodeURIComponent(getMatch[1]));
    if (!email) return sendError(res, resendError(404, "not_found", "Email not found"));
    const { idempotency_key: _k, batch: _b, events: _e, ...publicFields } = email;
    return sendJson(res, 200, publicFields);
  }
  if (req.method !== "POST" || (url.pathname !== "/emails" && url.pathname !== "/emails/batch")) {
    return sendError(res, resendError(405, "method_not_allowed", "Method not allowed"));
  }

  let payload: unknown;
  try {
    payload = JSON.parse(await readBody(req));
  } catch {
    return sendError(res, resendError(422, "validation_error", "Invalid JSON body."));
  }

  const key = typeof req.headers["idempotency-key"] === "string" ? req.headers["idempotency-key"] : undefined;
  if (key !== undefined && (key.length === 0 || key.length > 256)) {
    return sendError(res, resendError(400, "invalid_idempotency_key", "The idempotency key must be between 1-256 characters."));
  }
  const hash = createHash("sha256").update(url.pathname).update("\0").update(JSON.stringify(payload)).digest("hex");
  if (key !== undefined) {
    const previous = ctx.store.getIdempotency(key);
    if (previous && previous.hash === hash) return sendJson(res, previous.status, previous.body);
    if (previous)
      return sendError(
        res,
        resendError(
          409,
          "invalid_idempotent_request",
          "Same idempotency key used with a different request payload. Change your idempotency key or payload.",
        ),
      );
    if (ctx.inflight.has(key))
      return sendError(
        res,
        resendError(
          409,
          "concurrent_idempotent_requests",
          "Same idempotency key used while original request is still in progress. Try again later.",
        ),
      );
    ctx.inflight.add(key);
  }
  try {
    await ctx.faults.gate();
    await sleep(ctx.faults.latency());
    if (ctx.faults.shouldFail(key)) return sendError(res, resendError(500, "internal_server_error", "An unexpected error occurred."));
    const result = url.pathname === "/emails" ? acceptOne(payload, key, ctx) : acceptBatch(payload, key, req, ctx);
    if ("error" in result) return sendError(res, result.error);
    // Only successes are remembered under the key: a failed attempt may be retried with the same key.
    if (key !== undefined) ctx.store.putIdempotency({ key, hash, status: 200, body: result.body, at: Date.now() });
    return sendJson(res, 200, result.body);
  } finally {
    if (key !== undefined) ctx.inflight.delete(key);
  }
}

function accept(email: Omit<StoredEmail, "idempotency_key" | "batch">, key: string | undefined, batch: boolean, ctx: ApiContext): string {
  const stored: StoredEmail = { ...email, idempotency_key: key ?? null, batch };
  ctx.store.add(stored);
  ctx.onAccepted(stored);
  return stored.id;
}

type Accepted = { error: ResendErrorBody } | { body: unknown };

function acceptOne(payload: unknown, key: string | undefined, ctx: ApiContext): Accepted {
  const v = validateEmailPayload(payload);
  if (!v.ok) return { error: v.error };
  return { body: { id: accept(v.email, key, false, ctx) } };
}

function acceptBatch(payload: unknown, key: string | undefined, req: IncomingMessage, ctx: ApiContext): Accepted {
  if (!Array.isArray(payload)) return { error: resendError(422, "validation_error", "Invalid body: expected an array of emails.") };
  if (payload.length === 0) return { error: resendError(422, "validation_error", "The batch must contain at least 1 email.") };
  if (payload.length > BATCH_MAX)
    return { error: resendError(422, "validation_error", `Too many emails in the batch: the maximum is ${BATCH_MAX}.`) };
  const permissive = req.headers["x-batch-validation"] === "permissive";
  const checked = payload.map((p) => validateEmailPayload(p));
  const errors = checked.flatMap((c, index) => (c.ok ? [] : [{ index, message: c.error.message }]));
  // Strict (the SDK's default): one bad email refuses the whole batch, nothing is sent.
  if (!permissive && errors.length) {
    const first = checked[errors[0].index];
    return {
      error: !first.ok
        ? { ...first.error, message: `emails[${errors[0].index}]: ${first.error.message}` }
        : resendError(422, "validation_error", "invalid"),
    };
  }
  const data = checked.flatMap((c) => (c.ok ? [{ id: accept(c.email, key, true, ctx) }] : []));
  return { body: permissive ? { data, errors } : { data } };
}
