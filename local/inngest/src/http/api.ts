import v8 from "node:v8";
import type { Engine } from "../engine/engine.js";
import { checkpointAsync } from "../engine/checkpoint.js";
import { ingest, type IncomingEvent } from "../engine/events.js";
import { fnWarnings, register, syncUrl } from "../engine/sync.js";
import type { Run } from "../store/types.js";
import { TERMINAL } from "../store/types.js";
import type { Route } from "./server.js";
import { eventView, runDetail, runState, runSummary } from "./views.js";

const FINISHED = new Set(["completed", "failed", "cancelled"]);
const findEvent = (e: Engine, id: string) => e.state.events.get(id) ?? [...e.state.events.values()].find((x) => x.event.id === id);
const limitOf = (q: URLSearchParams, d = 100) => Math.max(1, Math.min(5000, Number(q.get("limit")) || d));

export function apiRoutes(e: Engine): Route[] {
  return [
    // --- what the SDK calls -------------------------------------------------------------------
    [
      "POST",
      "/e/:key",
      (req) => {
        if (e.opts.eventKey && req.params.key !== e.opts.eventKey)
          return { status: 401, body: { error: "unknown event key", status: 401 } };
        const list = (Array.isArray(req.body) ? req.body : req.body ? [req.body] : []) as IncomingEvent[];
        const bad = list.findIndex((ev) => !ev || typeof ev.name !== "string" || !ev.name);
        if (bad >= 0) return { status: 400, body: { error: `event ${bad} has no name`, status: 400 } };
        const seed = req.headers["x-inngest-event-id-seed"];
        const ids = ingest(e, list, { seed: typeof seed === "string" ? seed : undefined });
        return { body: { ids, status: 200 } };
      },
    ],
    ["POST", "/fn/register", (req) => register(e, req.body, req.headers.authorization)],
    ["POST", "/v1/runs/:id/metadata", () => ({ body: {} })],
    ["POST", "/v1/checkpoint/:id/async", (req) => checkpointAsync(e, req.params.id!, req.body, req.headers.authorization)],
    [
      "GET",
      "/dev",
      () => ({ body: { version: "local", isSingleNodeService: true, functions: [...e.state.fns.values()].map((f) => f.fn) } }),
    ],

    // --- operating it --------------------------------------------------------------------------
    ["GET", "/health", () => ({ body: { ok: true } })],
    [
      "POST",
      "/v1/sync",
      async (req) => {
        const asked = (req.body as { url?: string } | undefined)?.url;
        const urls = [...new Set([...(asked ? [asked] : []), ...e.opts.serveUrls, ...[...e.state.apps.values()].map((a) => a.url)])];
        const results = await Promise.all(urls.map(async (url) => ({ url, ...(await syncUrl(e, url)) })));
        return { status: results.every((r) => r.ok) ? 200 : 502, body: { results } };
      },
    ],
    [
      "GET",
      "/v1/idle",
      async (req) => {
        const idle = await e.waitForIdle(Number(req.query.get("timeout")) || 30_000);
        return { status: idle ? 200 : 408, body: { idle, active: e.state.active.size } };
      },
    ],
    [
      "GET",
      "/v1/stats",
      () => ({
        body: {
          runs: e.state.runs.size,
          active: e.state.active.size,
          ...e.counters,
          created: e.state.created,
          archived: e.state.archived,
          journalLines: e.journal.lineCount,
          history: { segments: e.history.segmentCount, bytes: e.history.bytes(), retentionMs: e.opts.retentionMs },
          inflight: e.scheduler.inflightCount,
          queued: e.scheduler.queuedCount(),
          timers: e.timers.size,
          memory: process.memoryUsage(),
          // Committed / used bytes of each V8 heap space (which one grows when RSS does).
          heapSpaces: Object.fromEntries(
            v8.getHeapSpaceStatistics().map((sp) => [sp.space_name, { size: sp.space_size, used: sp.space_used_size }]),
          ),
          cpu: process.cpuUsage(),
        },
      }),
    ],

    // --- looking at it -------------------------------------------------------------------------
    ["GET", "/v1/apps", () => ({ body: { data: [...e.state.apps.values()].map((a) => ({ ...a, fns: a.fns.map((f) => f.id) })) } })],
    [
      "GET",
      "/v1/functions",
      () => ({
        body: { data: [...e.state.fns.values()].map(({ fn, app }) => ({ ...fn, app, warnings: fnWarnings(fn) })) },
      }),
    ],
    [
      "GET",
      "/v1/events",
      (req) => {
        const name = req.query.get("name");
        let list = [...e.state.events.values()];
        if (name) list = list.filter((ev) => ev.event.name === name);
        return { body: { data: list.slice(-limitOf(req.query)).reverse().map(eventView) } };
      },
    ],
    [
      "GET",
      "/v1/events/:id",
      (req) => {
        const ev = findEvent(e, req.params.id!);
        return ev ? { body: { data: eventView(ev) } } : { status: 404, body: { error: "event not found" } };
      },
    ],
    [
      "GET",
      "/v1/events/:id/runs",
      (req) => {
        const ev = findEvent(e, req.params.id!);
        const runs = (ev?.runIds ?? []).map((id) => e.getRun(id)).filter((r): r is Run => !!r);
        return { body: { data: runs.map((r) => runSummary(e, r)) } };
      },
    ],
    [
      "GET",
      "/v1/runs",
      (req) => {
        const q = req.query;
        const fn = q.get("function_id") ?? q.get("fn");
        const status = q.get("status")?.toLowerCase();
        const event = q.get("event_id");
        const limit = limitOf(q, 200);
        const list = e.listRuns(
          (r) => {
            if (fn && r.fnId !== fn && !r.fnId.endsWith(`-${fn}`)) return false;
            if (event && r.eventInternalId !== event && r.event.id !== event) return false;
            return !status || runState(e, r).status.toLowerCase() === status;
          },
          limit,
          { history: !status || FINISHED.has(status) },
        );
        return { body: { data: list.map((r) => runSummary(e, r)) } };
      },
    ],
    [
      "GET",
      "/v1/runs/:id",
      (req) => {
        const run = e.getRun(req.params.id!);
        return run ? { body: { data: runDetail(e, run) } } : { status: 404, body: { error: "run not found" } };
      },
    ],
    [
      "POST",
      "/v1/runs/:id/cancel",
      (req) => {
        const run = e.getRun(req.params.id!);
        if (!run) return { status: 404, body: { error: "run not found" } };
        if (TERMINAL.has(run.status)) return { status: 409, body: { error: `run is ${run.status}` } };
        e.finishRun(run, "Cancelled", { error: { name: "FunctionCancelledError", message: "cancelled through the API" } });
        return { body: { data: runSummary(e, run) } };
      },
    ],
  ];
}
