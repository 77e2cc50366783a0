import path from "node:path";
import { parseDuration } from "./util/duration.js";

export interface ExecutorOptions {
  /** Port to listen on; 0 picks a free one (tests). Default 8288. */
  port?: number;
  /** Host to bind. Default 127.0.0.1. */
  host?: string;
  /** Directory for the journal. Default `.data/inngest`. */
  dataDir?: string;
  /** App serve URLs to sync on start (and re-sync when asked), e.g. http://127.0.0.1:3000/api/inngest. */
  serveUrls?: string[];
  /** Multiplies retry backoff and `retry-after` delays (0.01 turns a 15 s backoff into 150 ms). Default 1. */
  timeScale?: number;
  /** Multiplies `sleep` durations and `waitForEvent` timeouts. Default 1 (real time). */
  sleepScale?: number;
  /** `signkey-<env>-<hex>`: sign requests to the app and require the SDK's signed register calls. */
  signingKey?: string;
  signingKeyFallback?: string;
  /** When set, `POST /e/:key` only accepts this key. */
  eventKey?: string;
  /** Per-request timeout for calls to the app, ms. Default 300 000. */
  requestTimeoutMs?: number;
  /** Max concurrent calls to apps across all runs. Default 100. */
  maxInflight?: number;
  /** Re-sync every serve URL this often, ms (0 = only on start and on request). Default 0. */
  pollIntervalMs?: number;
  /** fdatasync each journal write (power-loss durability, slower). Default false. */
  fsync?: boolean;
  /** Compact the journal after this many records. Default 50 000. */
  compactEvery?: number;
  /** Offer SDK checkpointing (`ctx.fn_id`/`qi_id`), as the real server does. Default true. */
  checkpointing?: boolean;
  /** How long finished runs stay queryable (on disk) before they are pruned, ms. Default 24 h. */
  retentionMs?: number;
  /** Log lines to stderr. Default true for the CLI, false programmatically. */
  log?: boolean;
}

export type ResolvedOptions = Required<Omit<ExecutorOptions, "signingKey" | "signingKeyFallback" | "eventKey">> &
  Pick<ExecutorOptions, "signingKey" | "signingKeyFallback" | "eventKey">;

export function resolveOptions(o: ExecutorOptions): ResolvedOptions {
  return {
    port: o.port ?? 8288,
    host: o.host ?? "127.0.0.1",
    dataDir: path.resolve(o.dataDir ?? ".data/inngest"),
    serveUrls: o.serveUrls ?? [],
    timeScale: o.timeScale ?? 1,
    sleepScale: o.sleepScale ?? 1,
    signingKey: o.signingKey || undefined,
    signingKeyFallback: o.signingKeyFallback || undefined,
    eventKey: o.eventKey || undefined,
    requestTimeoutMs: o.requestTimeoutMs ?? 300_000,
    maxInflight: o.maxInflight ?? 100,
    pollIntervalMs: o.pollIntervalMs ?? 0,
    fsync: o.fsync ?? false,
    compactEvery: o.compactEvery ?? 50_000,
    retentionMs: o.retentionMs ?? 86_400_000,
    checkpointing: o.checkpointing ?? true,
    log: o.log ?? false,
  };
}

const num = (v: string | undefined): number | undefined => (v === undefined || v === "" ? undefined : Number(v));

/** Options from the environment and `-u <url>` / `--port <n>` arguments, like the real CLI. */
export function optionsFromEnv(env: Record<string, string | undefined>, argv: string[]): ExecutorOptions {
  const urls = (env.INNGEST_SERVE_URL ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if ((a === "-u" || a === "--sdk-url") && argv[i + 1]) urls.push(argv[++i]!);
    else if ((a === "-p" || a === "--port") && argv[i + 1]) env = { ...env, INNGEST_PORT: argv[++i] };
  }
  return {
    port: num(env.INNGEST_PORT),
    host: env.INNGEST_HOST,
    dataDir: env.INNGEST_DATA_DIR,
    serveUrls: [...new Set(urls)],
    timeScale: num(env.INNGEST_TIME_SCALE),
    sleepScale: num(env.INNGEST_SLEEP_SCALE),
    signingKey: env.INNGEST_SIGNING_KEY,
    signingKeyFallback: env.INNGEST_SIGNING_KEY_FALLBACK,
    eventKey: env.INNGEST_LOCAL_EVENT_KEY,
    requestTimeoutMs: num(env.INNGEST_REQUEST_TIMEOUT_MS),
    maxInflight: num(env.INNGEST_MAX_INFLIGHT),
    pollIntervalMs: num(env.INNGEST_POLL_INTERVAL_MS),
    fsync: env.INNGEST_FSYNC === "1" || env.INNGEST_FSYNC === "true",
    compactEvery: num(env.INNGEST_COMPACT_EVERY),
    retentionMs: parseDuration(env.INNGEST_LOCAL_RETENTION),
    checkpointing:
      env.INNGEST_LOCAL_CHECKPOINTING === undefined || env.INNGEST_LOCAL_CHECKPOINTING === ""
        ? undefined
        : !["0", "false"].includes(env.INNGEST_LOCAL_CHECKPOINTING),
    log: env.INNGEST_LOG !== "0",
  };
}
