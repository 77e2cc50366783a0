import http from "node:http";

/** The handlers a Next.js route module exports (Web Request in, Web Response out). */
// Next route handlers also take a context argument; the inngest handler ignores it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RouteHandlers = Partial<Record<"GET" | "POST" | "PUT", (req: any, ctx?: any) => Promise<Response> | Response>>;

/**
 * Hosts Next.js route modules' handlers in a plain Node HTTP server. Used to run the app's own
 * /api/inngest route (the same module, the same functions) and its Resend webhook route in the worker
 * processes — the work that grows with a blast, kept off the dashboard's process — and for integration
 * tests and benchmarks, where starting the whole Next server for every run would only add time.
 */
export type Fallback = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<boolean>;

/** Calls served, by method: a POST from the engine is one step execution (or a run's final call). */
export const served: Record<string, number> = {};

/**
 * Calls that answered with an error (a failed attempt the engine retries, or gives up on), by the error's
 * message — how the benchmark sees P2028s, pool time-outs and the like under load. At most 50 messages.
 */
export const failedCalls: Record<string, number> = {};

function countFailure(status: number, body: Buffer): void {
  let message = `status ${status}`;
  try {
    const parsed = JSON.parse(body.toString()) as { message?: string; error?: { message?: string } };
    message = (parsed.message ?? parsed.error?.message ?? message).slice(0, 160);
  } catch {
    /* not JSON: the status says enough */
  }
  if (failedCalls[message] !== undefined || Object.keys(failedCalls).length < 50) failedCalls[message] = (failedCalls[message] ?? 0) + 1;
}

export function serveRoute(
  routes: Record<string, RouteHandlers>,
  port: number,
  host = "127.0.0.1",
  fallback?: Fallback,
): Promise<http.Server> {
  const server = http.createServer(async (req, res) => {
    if (fallback && (await fallback(req, res))) return;
    const url = new URL(req.url ?? "/", `http://${req.headers.host ?? `${host}:${port}`}`);
    const handlers = Object.hasOwn(routes, url.pathname) ? routes[url.pathname] : undefined;
    const handler = handlers?.[req.method as keyof RouteHandlers];
    if (!handler) {
      res.writeHead(handlers ? 405 : 404).end();
      return;
    }
    served[req.method ?? "?"] = (served[req.method ?? "?"] ?? 0) + 1;
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const response = await handler(new Request(url, { method: req.method, headers, body: req.method === "GET" ? undefined : body }), {
        params: Promise.resolve({}),
      });
      const out = Buffer.from(await response.arrayBuffer());
      if (response.status >= 400) countFailure(response.status, out);
      res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
      res.end(out);
    } catch (error) {
      console.error("[serve-route]", error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}
