import { InngestTestEngine } from "@inngest/test";
import type { InngestFunction } from "inngest";

/**
 * For unit tests: runs a function as its onFailure handler, as the engine calls it once a run has failed
 * for good — with the "inngest/function.failed" event that names the run, its error and its trigger.
 */
export function runOnFailure(
  fn: unknown,
  failed: { functionId: string; runId: string; error: { name: string; message: string }; event: unknown },
) {
  const f = fn as InngestFunction.Any & { createExecution(opts: { partialOptions: object }): unknown };
  const asFailure = Object.assign(Object.create(f), {
    createExecution: (opts: { partialOptions: object }) =>
      f.createExecution({ partialOptions: { ...opts.partialOptions, handlerKind: "failure" } }),
  });
  const event = {
    name: "inngest/function.failed",
    data: { function_id: failed.functionId, run_id: failed.runId, error: failed.error, event: failed.event },
  };
  return new InngestTestEngine({ function: asFailure, events: [event] as [typeof event] }).execute();
}
