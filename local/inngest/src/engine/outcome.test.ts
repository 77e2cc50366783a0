import { describe, expect, it } from "vitest";
import { State } from "../store/state.js";
import type { Pending, Run, RunUpdate } from "../store/types.js";
import type { Engine } from "./engine.js";
import { interpret } from "./outcome.js";
import { buildRun } from "./runs.js";

// interpret() only reads options, state and the discovery rule from the engine.
function fakeEngine(): Engine {
  const state = new State();
  return {
    opts: { timeScale: 0.001, sleepScale: 1 },
    state,
    addDiscoveryIfIdle(run: Run, u: RunUpdate) {
      const keys = new Set(Object.keys(run.pending));
      for (const [k, v] of Object.entries(u.pend ?? {})) {
        if (v) keys.add(k);
        else keys.delete(k);
      }
      if (keys.size === 0) (u.pend ??= {}).step = { kind: "call", step: "step", attempt: 0, at: Date.now(), tok: "d" };
    },
  } as unknown as Engine;
}

const fn = {
  id: "app-f",
  triggers: [],
  steps: { step: { id: "step", name: "step", runtime: { type: "http", url: "http://x" }, retries: { attempts: 2 } } },
};
const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  body,
  text: JSON.stringify(body),
  headers: { get: (n: string) => headers[n] ?? null },
});

function setup() {
  const e = fakeEngine();
  const run = buildRun(fn, "app", { id: "e", name: "x", data: {}, ts: 0 });
  const p = run.pending.step as Extract<Pending, { kind: "call" }>;
  return { e, run, p };
}

describe("interpret", () => {
  it("memoizes a StepRun and asks for the next step", () => {
    const { e, run, p } = setup();
    const out = interpret(e, run, "step", p, answer(206, [{ id: "h1", op: "StepRun", data: { data: 1 }, displayName: "a" }]), Date.now());
    expect(out.finish).toBeUndefined();
    expect(out.u.memo).toEqual({ h1: { type: "data", data: { data: 1 } } });
    expect(out.u.pend!.step).toMatchObject({ kind: "call", step: "step", attempt: 0 });
    expect(out.u.log!.h1).toMatchObject({ status: "completed", attempts: 1, name: "a" });
  });

  it("retries a StepError on that step, then memoizes the error on the last attempt", () => {
    const { e, run, p } = setup();
    const err = { name: "Error", message: "boom" };
    const first = interpret(
      e,
      run,
      "step",
      p,
      answer(206, [{ id: "h1", op: "StepError", error: err }], { "retry-after": "3" }),
      Date.now(),
    );
    expect(first.u.pend!.h1).toMatchObject({ kind: "call", step: "h1", attempt: 1 });
    expect((first.u.pend!.h1 as { at: number }).at - Date.now()).toBeLessThanOrEqual(3);
    const last = interpret(
      e,
      run,
      "h1",
      { ...p, step: "h1", attempt: 2 },
      answer(206, [{ id: "h1", op: "StepError", error: err }]),
      Date.now(),
    );
    expect(last.u.memo!.h1).toEqual({ type: "error", error: err });
  });

  it("plans parallel steps, sleeps and waits", () => {
    const { e, run, p } = setup();
    const out = interpret(
      e,
      run,
      "step",
      p,
      answer(206, [
        { id: "a", op: "StepPlanned" },
        { id: "b", op: "StepPlanned" },
        { id: "s", op: "Sleep", name: "1h" },
        { id: "w", op: "WaitForEvent", name: "x/y", opts: { timeout: "1m", if: "event.data.a == async.data.a" } },
      ]),
      Date.now(),
    );
    expect(Object.keys(out.u.pend!).sort()).toEqual(["a", "b", "s", "step", "w"]);
    expect(out.u.pend!.step).toBeNull();
    expect(out.u.pend!.s).toMatchObject({ kind: "sleep" });
    expect(out.u.pend!.w).toMatchObject({ kind: "wait", event: "x/y", if: "event.data.a == async.data.a" });
  });

  it("finishes on 200, fails on 400 no-retry, retries a 500", () => {
    const { e, run, p } = setup();
    expect(interpret(e, run, "step", p, answer(200, { ok: 1 }), 0).finish).toEqual({ status: "Completed", output: { ok: 1 } });
    const no = interpret(e, run, "step", p, answer(400, { name: "NonRetriableError", message: "no" }, { "x-inngest-no-retry": "true" }), 0);
    expect(no.finish).toMatchObject({ status: "Failed", error: { name: "NonRetriableError", message: "no" } });
    const again = interpret(e, run, "step", p, answer(500, { name: "Error", message: "flaky" }), 0);
    expect(again.finish).toBeUndefined();
    expect(again.u.pend!.step).toMatchObject({ attempt: 1 });
    expect(interpret(e, run, "step", { ...p, attempt: 2 }, { netError: "refused" }, 0).finish?.status).toBe("Failed");
  });

  it("fails clearly on an op it does not support", () => {
    const { e, run, p } = setup();
    const out = interpret(e, run, "step", p, answer(206, [{ id: "g", op: "Gateway", displayName: "fetch" }]), 0);
    expect(out.finish?.error?.message).toMatch(/does not support the "Gateway" operation \(step "fetch"\)/);
  });
});
