import { Worker } from "node:worker_threads";
import type { BatchOutcome } from "@/lib/mail";
import type { ProviderDoor, ProviderRequest } from "@/lib/deliveries/provider-door";

/**
 * The provider door of a worker process: the pacing gate and the HTTP request run in a thread whose
 * event loop does nothing else, so a request leaves when the gate says, not when the main thread — busy
 * checking recipients — gets round to it (lib/deliveries/provider-door.ts has the measurements). The
 * main thread still claims, composes and records; the thread only waits and sends.
 *
 * A thread that dies takes its requests' answers with it: each is rejected, its step fails and the engine
 * retries it, and the retry sends the same emails under the same Idempotency-Key — a request the provider
 * had accepted is answered again, not sent again. The next request starts a new thread.
 */
export function startProviderThread(): ProviderDoor {
  type Pending = Map<number, { resolve: (o: BatchOutcome) => void; reject: (e: Error) => void }>;
  let current: { thread: Worker; pending: Pending } | null = null;
  let nextId = 0;

  // Each thread has its own pending requests: a dead thread fails only those it held. (With one map, a
  // request sent to the replacement between the dead thread's 'error' and its 'exit' was rejected by that
  // 'exit' while its HTTP call still ran in the new thread: its turn gave up its concurrency slot with a
  // request still out at the provider.)
  const failAll = (pending: Pending, error: Error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  const start = () => {
    const pending: Pending = new Map();
    // Its heap is capped: it holds a request or two of rendered emails at a time, and the worker process's
    // memory budget is shared with it (its RSS counts in the process's).
    const t = new Worker(new URL("./provider-thread-boot.mjs", import.meta.url), {
      env: process.env,
      resourceLimits: { maxOldGenerationSizeMb: 64 },
    });
    t.unref(); // the worker process exits on its signals; this thread must not hold it
    t.on("message", ({ id, outcome, error }: { id: number; outcome?: BatchOutcome; error?: string }) => {
      const p = pending.get(id);
      if (!p) return;
      pending.delete(id);
      if (error !== undefined) p.reject(new Error(error));
      else p.resolve(outcome!);
    });
    const forget = () => {
      if (current?.thread === t) current = null;
    };
    t.on("error", (error) => {
      console.error(`[worker] provider thread failed: ${error.message}`);
      forget();
      failAll(pending, error);
    });
    t.on("exit", (code) => {
      forget();
      failAll(pending, new Error(`the provider thread exited (${code})`));
    });
    return { thread: t, pending };
  };

  return (request: ProviderRequest) =>
    new Promise<BatchOutcome>((resolve, reject) => {
      current ??= start();
      const id = nextId++;
      current.pending.set(id, { resolve, reject });
      current.thread.postMessage({ id, request });
    });
}
