import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { coalescedSend } from "./coalesced-send";

describe("coalescedSend", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("events handed in within the window leave in one request, and each caller returns once it is accepted", async () => {
    const requests: number[][] = [];
    let accept!: () => void;
    const send = vi.fn((events: number[]) => {
      requests.push(events);
      return new Promise<void>((resolve) => (accept = resolve));
    });
    const announce = coalescedSend(send, { windowMs: 20, maxEvents: 100 });
    let settled = 0;
    const calls = [1, 2, 3].map((n) => announce(n).then(() => settled++));
    await vi.advanceTimersByTimeAsync(19);
    expect(send).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(requests).toEqual([[1, 2, 3]]);
    expect(settled).toBe(0); // not before the engine accepted the request
    accept();
    await Promise.all(calls);
    expect(settled).toBe(3);
    // The next event opens a new window.
    const next = announce(4);
    await vi.advanceTimersByTimeAsync(20);
    accept();
    await next;
    expect(requests).toEqual([[1, 2, 3], [4]]);
  });

  it("a full request leaves at once, without waiting for the window", async () => {
    const send = vi.fn(async (_events: number[]) => {});
    const announce = coalescedSend(send, { windowMs: 20, maxEvents: 2 });
    await Promise.all([announce(1), announce(2)]);
    expect(send).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledWith([1, 2]);
  });

  it("a refused request fails every caller whose event it carried, so each run is retried", async () => {
    const announce = coalescedSend(
      vi.fn(async () => {
        throw new Error("engine unavailable");
      }),
      { windowMs: 5, maxEvents: 10 },
    );
    const results = Promise.allSettled([announce(1), announce(2)]);
    await vi.advanceTimersByTimeAsync(5);
    expect((await results).map((r) => r.status)).toEqual(["rejected", "rejected"]);
  });
});
