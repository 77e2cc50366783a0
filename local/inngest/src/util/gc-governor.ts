import v8 from "node:v8";
import vm from "node:vm";

/**
 * Keeps the executor's heap near what it really holds. With tens of thousands of runs in flight and
 * a few hundred calls a second, objects that live through a request (bodies, sockets, parsed answers)
 * are promoted to the old generation and die there; V8 then lets the old generation grow to several
 * times the live state before it collects (RSS 745 MB for ~200 MB live in the 100,000-run blast
 * bench). This collects once the heap has grown well past what the last collection left live:
 * at most every `everyMs`, only above `floorBytes`, so a small or idle executor never pays for it.
 * CLI only (main.ts): it turns on V8's --expose-gc, which a host process embedding the executor
 * may not want.
 */
export function startGcGovernor(o: { everyMs?: number; floorBytes?: number; factor?: number } = {}): () => void {
  let gc: (() => void) | undefined;
  try {
    v8.setFlagsFromString("--expose-gc");
    gc = vm.runInNewContext("gc") as () => void;
  } catch {
    return () => {};
  }
  if (typeof gc !== "function") return () => {};
  const floor = o.floorBytes ?? 160 * 1024 * 1024;
  const factor = o.factor ?? 1.5;
  let live = 0;
  const timer = setInterval(() => {
    const used = v8.getHeapStatistics().used_heap_size;
    if (used < floor || used < live * factor + 32 * 1024 * 1024) return;
    gc!();
    live = v8.getHeapStatistics().used_heap_size;
  }, o.everyMs ?? 2000);
  timer.unref();
  return () => clearInterval(timer);
}
