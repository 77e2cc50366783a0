import type { AddressInfo } from "node:net";
import { type ExecutorOptions, resolveOptions } from "./config.js";
import { Engine } from "./engine/engine.js";
import { ingest, type IncomingEvent } from "./engine/events.js";
import { syncUntilAnswered, syncUrl } from "./engine/sync.js";
import { createServer } from "./http/server.js";

export interface Executor {
  /** Base URL, e.g. http://127.0.0.1:8288 (use as INNGEST_BASE_URL). */
  url: string;
  port: number;
  engine: Engine;
  /** Sync an app's serve URL now (PUT); resolves with the app's answer. */
  sync(url: string): Promise<{ ok: boolean; status?: number; message: string }>;
  /** Send events as the SDK would (POST /e/:key). */
  send(events: IncomingEvent | IncomingEvent[]): string[];
  /** Resolves true once no run is active (sleeping and waiting runs count as active). */
  waitForIdle(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/** Starts the executor: replays the journal, resumes runs, listens, and syncs the serve URLs. */
export async function startExecutor(options: ExecutorOptions = {}): Promise<Executor> {
  const opts = resolveOptions(options);
  const engine = new Engine(opts);
  const server = createServer(engine);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${opts.host}:${port}`;
  engine.recover();
  engine.log(`listening on ${url} (data in ${opts.dataDir}, ${engine.state.active.size} active runs resumed)`);
  for (const u of opts.serveUrls) void syncUntilAnswered(engine, u);
  const poll =
    opts.pollIntervalMs > 0
      ? setInterval(() => {
          for (const a of engine.state.apps.values()) void syncUrl(engine, a.url);
        }, opts.pollIntervalMs)
      : undefined;

  return {
    url,
    port,
    engine,
    sync: (u) => syncUrl(engine, u),
    send: (events) => ingest(engine, Array.isArray(events) ? events : [events]),
    waitForIdle: (t) => engine.waitForIdle(t),
    close: async () => {
      if (poll) clearInterval(poll);
      engine.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
