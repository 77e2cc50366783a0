import { parseFaultPatch } from "./fault-injector";
import type { SinkOptions } from "./types";

/** Every knob of the sink as an environment variable (documented in README.md). */
export function optionsFromEnv(env: Record<string, string | undefined> = process.env): SinkOptions {
  const int = (name: string): number | undefined => {
    const v = env[name];
    if (v === undefined || v === "") return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer (got "${v}")`);
    return n;
  };
  const faultsInput: Record<string, unknown> = {};
  const map: [string, string][] = [
    ["RESEND_SINK_LATENCY_MS", "latencyMs"],
    ["RESEND_SINK_JITTER_MS", "jitterMs"],
    ["RESEND_SINK_ERROR_RATE", "errorRate"],
    ["RESEND_SINK_RATE_LIMIT", "rateLimitPerSecond"],
    ["RESEND_SINK_OUTAGE_FOR_MS", "outageForMs"],
    ["RESEND_SINK_OUTAGE_MODE", "outageMode"],
    ["RESEND_SINK_BOUNCE", "bounce"],
    ["RESEND_SINK_COMPLAIN", "complain"],
  ];
  for (const [name, key] of map) if (env[name] !== undefined && env[name] !== "") faultsInput[key] = env[name];
  const retries = env.RESEND_SINK_WEBHOOK_RETRY_MS;
  const scale = env.RESEND_SINK_WEBHOOK_TIME_SCALE;
  const timeScale = scale === undefined || scale === "" ? undefined : Number(scale);
  if (timeScale !== undefined && !(timeScale > 0 && Number.isFinite(timeScale))) {
    throw new Error(`RESEND_SINK_WEBHOOK_TIME_SCALE must be a positive number (got "${scale}")`);
  }
  const concurrency = int("RESEND_SINK_WEBHOOK_CONCURRENCY");
  if (concurrency === 0) throw new Error("RESEND_SINK_WEBHOOK_CONCURRENCY must be at least 1");
  return {
    port: int("RESEND_SINK_PORT"),
    host: env.RESEND_SINK_HOST || undefined,
    dataDir: env.RESEND_SINK_DATA_DIR || undefined,
    apiKey: env.RESEND_SINK_API_KEY || undefined,
    webhookUrl: env.RESEND_SINK_WEBHOOK_URL || undefined,
    webhookSecret: env.RESEND_WEBHOOK_SECRET || undefined,
    deliveryDelayMs: int("RESEND_SINK_DELIVERY_DELAY_MS"),
    webhookRetryDelaysMs: retries
      ? retries
          .split(",")
          .map((s) => Number(s.trim()))
          .filter((n) => Number.isFinite(n) && n >= 0)
      : undefined,
    webhookTimeScale: timeScale,
    webhookConcurrency: concurrency,
    keepBodies: int("RESEND_SINK_KEEP_BODIES"),
    faults: parseFaultPatch(faultsInput),
  };
}
