import http from "node:http";
import type { Engine } from "../engine/engine.js";
import { apiRoutes } from "./api.js";
import { renderPage } from "./ui.js";
import { renderRun } from "./ui-run.js";

export interface Req {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  params: Record<string, string>;
}

export interface Res {
  status?: number;
  body: unknown;
  type?: string;
}

export type Handler = (req: Req) => Res | Promise<Res>;
export type Route = [method: string, pattern: string, handler: Handler];

function compile(routes: Route[]) {
  return routes.map(([method, pattern, handler]) => {
    const names: string[] = [];
    const re = new RegExp(`^${pattern.replace(/:(\w+)/g, (_, n: string) => (names.push(n), "([^/]+)"))}/?$`);
    return { method, re, names, handler };
  });
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** The executor's HTTP face: the Inngest endpoints the SDK calls, the JSON API and the HTML page. */
export function createServer(e: Engine): http.Server {
  const html = "text/html; charset=utf-8";
  const routes = compile([
    ...apiRoutes(e),
    ["GET", "/", (req) => ({ body: renderPage(e, req.query), type: html })],
    [
      "GET",
      "/runs/:id",
      (req) => {
        const run = e.getRun(req.params.id!);
        return run ? { body: renderRun(e, run), type: html } : { status: 404, body: "run not found", type: "text/plain" };
      },
    ],
  ]);
  return http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://local");
    const send = (status: number, body: unknown, type = "application/json") => {
      const text = typeof body === "string" && type !== "application/json" ? body : JSON.stringify(body);
      res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(text) });
      res.end(text);
    };
    try {
      const method = req.method ?? "GET";
      let route: (typeof routes)[number] | undefined;
      let m: RegExpMatchArray | null = null;
      for (const r of routes) {
        if (r.method !== method) continue;
        m = url.pathname.match(r.re);
        if (m) {
          route = r;
          break;
        }
      }
      if (!route || !m) return send(404, { error: `no route for ${method} ${url.pathname}` });
      const raw = method === "GET" || method === "HEAD" ? "" : await readBody(req);
      let body: unknown = undefined;
      if (raw) {
        try {
          body = JSON.parse(raw);
        } catch {
          return send(400, { error: "body is not valid JSON", status: 400 });
        }
      }
      const params: Record<string, string> = {};
      route.names.forEach((n, i) => (params[n] = decodeURIComponent(m![i + 1]!)));
      const out = await route.handler({ method, path: url.pathname, query: url.searchParams, headers: req.headers, body, params });
      send(out.status ?? 200, out.body, out.type);
    } catch (err) {
      console.error("[inngest-local] request failed", err);
      if (!res.headersSent) send(500, { error: (err as Error).message, status: 500 });
    }
  });
}
