import { describe, expect, it } from "vitest";
import { withWorkerHeap } from "./worker-heap";

describe("withWorkerHeap", () => {
  it("caps the worker's heap at 256 MB unless WORKER_HEAP_MB says otherwise, keeping other NODE_OPTIONS", () => {
    expect(withWorkerHeap({}).NODE_OPTIONS).toBe("--max-old-space-size=256");
    expect(withWorkerHeap({ WORKER_HEAP_MB: "512", NODE_OPTIONS: "--enable-source-maps" }).NODE_OPTIONS).toBe(
      "--enable-source-maps --max-old-space-size=512",
    );
    // A cap already in NODE_OPTIONS (the app's, say) is replaced, not doubled.
    expect(withWorkerHeap({ NODE_OPTIONS: "--max-old-space-size=4096 --trace-warnings" }).NODE_OPTIONS).toBe(
      "--trace-warnings --max-old-space-size=256",
    );
  });
});
