import { describe, expect, it } from "vitest";
import { ReplayGuard, refuseReplays } from "./replay-guard";

describe("the engine route's replay guard", () => {
  it("admits a signature once within the SDK's window, and again only after it", () => {
    let now = 1_000_000;
    const guard = new ReplayGuard(() => now);
    expect(guard.admit("t=1&s=aa")).toBe(true);
    expect(guard.admit("t=1&s=aa")).toBe(false);
    expect(guard.admit("t=1&s=bb")).toBe(true);
    now += 6 * 60_000; // the SDK refuses such an old signature itself
    expect(guard.admit("t=1&s=aa")).toBe(true);
  });

  it("refuses a replayed call before the SDK runs it; unsigned calls are left to the SDK", async () => {
    let ran = 0;
    const post = refuseReplays(async () => {
      ran++;
      return new Response("ran");
    }, new ReplayGuard());
    const call = (sig?: string) =>
      post(new Request("http://x/api/inngest", { method: "POST", headers: sig ? { "x-inngest-signature": sig } : {} }));
    expect((await call("t=5&s=cc")).status).toBe(200);
    const replay = await call("t=5&s=cc");
    expect(replay.status).toBe(401);
    expect(await replay.text()).not.toContain("ran");
    expect((await call()).status).toBe(200);
    expect(ran).toBe(2);
  });
});
