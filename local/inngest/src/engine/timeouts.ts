import { parseDuration } from "../util/duration.js";
import type { Run } from "../store/types.js";
import { TERMINAL } from "../store/types.js";
import type { Engine } from "./engine.js";

/**
 * `timeouts: {start, finish}`: a run still queued `start` after it was created, or not finished
 * `finish` after it started, is cancelled, as on the real server. Deadlines derive from journaled
 * times, so re-arming after a restart gives the same deadlines.
 */
export class RunTimeouts {
  private armed = new Set<string>();

  constructor(private readonly e: Engine) {}

  arm(run: Run): void {
    if (TERMINAL.has(run.status)) {
      this.armed.delete(`${run.id}:start`);
      this.armed.delete(`${run.id}:finish`);
      return;
    }
    const t = this.e.state.fns.get(run.fnId)?.fn.timeouts as { start?: string; finish?: string } | undefined;
    if (!t) return;
    const start = parseDuration(t.start);
    if (start && run.status === "Queued") this.once(run, "start", run.createdAt + start);
    const finish = parseDuration(t.finish);
    if (finish && run.startedAt) this.once(run, "finish", run.startedAt + finish);
  }

  private once(run: Run, kind: "start" | "finish", at: number): void {
    const k = `${run.id}:${kind}`;
    if (this.armed.has(k)) return;
    this.armed.add(k);
    this.e.timers.at(at, () => {
      this.armed.delete(k);
      const r = this.e.state.runs.get(run.id);
      if (!r || TERMINAL.has(r.status) || (kind === "start" && r.status !== "Queued")) return;
      const message = kind === "start" ? "the run did not start within timeouts.start" : "the run did not finish within timeouts.finish";
      this.e.finishRun(r, "Cancelled", { error: { name: "InngestTimeoutError", message } });
    });
  }
}
