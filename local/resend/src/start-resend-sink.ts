import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { handleEmailsApi, type ApiContext } from "./emails-api";
import { EmailLifecycle } from "./email-lifecycle";
import { EmailStore } from "./email-store";
import { defaultFaults, FaultInjector } from "./fault-injector";
import { sendHtml, sendJson } from "./http-util";
import { inboxEmailPage, inboxListPage } from "./inbox-page";
import { RateLimiter } from "./rate-limiter";
import { handleSinkApi } from "./sink-api";
import type { SinkOptions } from "./types";
import { WebhookSender } from "./webhook-sender";

export type { SinkOptions, FaultSettings, StoredEmail } from "./types";

export type RunningSink = {
  url: string;
  port: number;
  store: EmailStore;
  faults: FaultInjector;
  webhooks: WebhookSender;
  close(): Promise<void>;
};

export const DEFAULT_PORT = 3025;

/** Starts the sink; `port: 0` picks a free port (tests). Resolves once it listens. */
export async function startResendSink(options: SinkOptions = {}): Promise<RunningSink> {
  const log = options.log ?? ((line: string) => console.log(`[resend-sink] ${line}`));
  const dataDir = options.dataDir === undefined ? ".data/resend" : options.dataDir;
  const store = new EmailStore(dataDir, { keepBodies: options.keepBodies });
  const faults = new FaultInjector({ ...defaultFaults, ...options.faults });
  // Resumes the webhooks still pending in the data dir before anything new is queued.
  const webhooks = new WebhookSender({
    url: options.webhookUrl,
    secret: options.webhookSecret,
    dataDir,
    retryDelaysMs: options.webhookRetryDelaysMs,
    timeScale: options.webhookTimeScale,
    concurrency: options.webhookConcurrency,
    log,
  });
  const lifecycle = new EmailLifecycle(store, faults, webhooks, options.deliveryDelayMs ?? 100);
  const resumed = lifecycle.resume();
  if (resumed) log(`resuming the outcome (delivered/bounced/complained) of ${resumed} email(s) accepted before the restart`);
  const api: ApiContext = {
    store,
    faults,
    limiter: new RateLimiter(),
    apiKey: options.apiKey,
    inflight: new Set(),
    onAccepted: (m) => lifecycle.start(m.id, m.to),
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://sink.local");
    const route = async () => {
      if (url.pathname.startsWith("/_sink/")) return handleSinkApi(req, res, url, { store, faults, lifecycle, webhooks });
      if (url.pathname === "/emails" || url.pathname.startsWith("/emails/")) return handleEmailsApi(req, res, url, api);
      if (req.method === "GET" && url.pathname === "/")
        return sendHtml(res, 200, inboxListPage(store, url.searchParams.get("to") || undefined, webhooks));
      const view = /^\/inbox\/([^/]+)$/.exec(url.pathname);
      if (req.method === "GET" && view) {
        const email = store.get(decodeURIComponent(view[1]));
        return email
          ? sendHtml(res, 200, inboxEmailPage(email, store.keepBodies))
          : sendHtml(res, 404, "<p>Not found. <a href='/'>Inbox</a></p>");
      }
      return sendJson(res, 404, { statusCode: 404, name: "not_found", message: "The requested endpoint does not exist." });
    };
    route().catch((err) => {
      log(`error on ${req.method} ${url.pathname}: ${err instanceof Error ? err.stack : err}`);
      if (!res.headersSent) sendJson(res, 500, { statusCode: 500, name: "internal_server_error", message: "Sink error." });
      else res.destroy();
    });
  });
  // Keep-alive sockets would hold close() open for seconds in tests.
  server.keepAliveTimeout = 1000;

  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? DEFAULT_PORT, options.host ?? "127.0.0.1", () => resolve());
    });
  } catch (err) {
    lifecycle.close();
    await webhooks.close();
    store.close();
    throw err;
  }
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== "0.0.0.0" && options.host !== "::" ? options.host : "127.0.0.1";
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    store,
    faults,
    webhooks,
    close: async () => {
      // Stop taking emails first, then stop their timers, then let the webhook queue settle on disk.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      lifecycle.close();
      await webhooks.close();
      store.close();
    },
  };
}
