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
  let thread: Worker | null = null;
  let nextId = 0;
  const pending = new Map<number, { resolve: (o: BatchOutcome) => void; reject: (e: Error) => void }>();

  const failAll = (error: Error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  const start = () => {
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
    t.on("error", (error) => {
      console.error(`[worker] provider thread failed: ${error.message}`);
      thread = null;
      failAll(error);
    });
    t.on("exit", (code) => {
      if (thread === t) thread = null;
      failAll(new Error(`the provider thread exited (${code})`));
    });
    return t;
  };

  return (request: ProviderRequest) =>
    new Promise<BatchOutcome>((resolve, reject) => {
      thread ??= start();
      const id = nextId++;
      pending.set(id, { resolve, reject });
      thread.postMessage({ id, request });
    });
}
