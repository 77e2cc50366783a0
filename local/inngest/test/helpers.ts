import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Executor, startExecutor } from "../src/index.js";
import type { ExecutorOptions } from "../src/config.js";
import { type FixtureApp, type FixtureOptions, startFixtureApp } from "./fixtures/app.js";

export function tempDir(prefix = "inngest-local-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function until<T>(
  fn: () => T | Promise<T>,
  opts: { timeout?: number; interval?: number; what?: string } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + (opts.timeout ?? 15_000);
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${opts.what ?? "condition"}`);
    await new Promise((r) => setTimeout(r, opts.interval ?? 25));
  }
}

export interface Harness {
  executor: Executor;
  app: FixtureApp;
  close(): Promise<void>;
}

/** An in-process executor plus a fixture app, synced. */
export async function harness(
  define: Parameters<typeof startFixtureApp>[1],
  o: { executor?: ExecutorOptions; app?: Partial<FixtureOptions> } = {},
): Promise<Harness> {
  const executor = await startExecutor({ port: 0, dataDir: tempDir(), timeScale: 0.01, ...o.executor });
  const app = await startFixtureApp({ executorUrl: executor.url, ...o.app }, define);
  const r = await executor.sync(app.serveUrl);
  if (!r.ok) throw new Error(`sync failed: ${r.status} ${r.message}`);
  return {
    executor,
    app,
    close: async () => {
      await app.close();
      await executor.close();
    },
  };
}

// Responses of the executor's JSON API, read loosely in assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export async function getJson<T = Json>(url: string): Promise<T> {
  const res = await fetch(url);
  return (await res.json()) as T;
}

export async function runsOf(executor: Executor, fnId: string): Promise<Json[]> {
  return (await getJson<{ data: Json[] }>(`${executor.url}/v1/runs?function_id=${encodeURIComponent(fnId)}&limit=5000`)).data;
}

export async function runDone(executor: Executor, runId: string, timeout = 15_000): Promise<Json> {
  return until(
    async () => {
      const r = (await getJson<{ data: Json }>(`${executor.url}/v1/runs/${runId}`)).data;
      return r && ["Completed", "Failed", "Cancelled"].includes(r.status) ? r : undefined;
    },
    { timeout, what: `run ${runId} to finish` },
  );
}

/** Waits for the runs of `fnId` to reach `n` and all be finished. */
export async function finishedRuns(executor: Executor, fnId: string, n: number, timeout = 15_000): Promise<Json[]> {
  return until(
    async () => {
      const runs = await runsOf(executor, fnId);
      return runs.length >= n && runs.every((r) => ["Completed", "Failed", "Cancelled"].includes(r.status)) ? runs : undefined;
    },
    { timeout, what: `${n} finished runs of ${fnId}` },
  );
}

/**
 * Both ways the SDK can be driven: "checkpoint" (the executor offers `ctx.fn_id`/`qi_id`, so the SDK
 * runs steps inline and checkpoints them, as with the real server) and "classic" (one call per step).
 * `INNGEST_LOCAL_TEST_MODE=classic|checkpoint` narrows the suites to one mode.
 */
export type Mode = "checkpoint" | "classic";
export const MODES: Mode[] = process.env.INNGEST_LOCAL_TEST_MODE
  ? [process.env.INNGEST_LOCAL_TEST_MODE as Mode]
  : ["checkpoint", "classic"];

export function modeOpts(mode: Mode, o: { executor?: ExecutorOptions; app?: Partial<FixtureOptions> } = {}) {
  return { ...o, executor: { checkpointing: mode === "checkpoint", ...o.executor } };
}
