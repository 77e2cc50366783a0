import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { startExecutor } from "../src/index.js";
import { startFixtureApp } from "./fixtures/app.js";
import { finishedRuns, harness, type Harness, tempDir, MODES, modeOpts } from "./helpers.js";

const key = () => `signkey-test-${randomBytes(32).toString("hex")}`;

// Production-like mode: the app runs the SDK in cloud mode with a signing key and rejects unsigned
// calls; the executor signs every call and only accepts register calls made with the same key.
describe.each(MODES)("signing (%s)", (mode) => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("signs calls to a cloud-mode app and accepts its signed register call", async () => {
    const signingKey = key();
    h = await harness(
      (inngest) => [
        inngest.createFunction({ id: "signed", triggers: [{ event: "fx/signed" }] }, async ({ step }) => {
          const a = await step.run("a", () => 1);
          await step.sleep("s", "1s");
          return a + 1;
        }),
      ],
      modeOpts(mode, { executor: { signingKey }, app: { signingKey, eventKey: "some-event-key" } }),
    );
    await h.app.client.send({ name: "fx/signed", data: {} });
    const [run] = await finishedRuns(h.executor, "fixture-signed", 1, 10_000);
    expect(run.status).toBe("Completed");

    // The app itself refuses an unsigned call, which is what makes the signature meaningful.
    const unsigned = await fetch(`${h.app.serveUrl}?fnId=fixture-signed&stepId=step`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ event: {}, events: [], steps: {}, ctx: { run_id: "x" }, version: 2 }),
    });
    expect(unsigned.status).toBe(401);
  });

  it("rejects a register call made with another key", async () => {
    const executor = await startExecutor({ port: 0, dataDir: tempDir(), signingKey: key() });
    const app = await startFixtureApp({ executorUrl: executor.url, signingKey: key() }, (inngest) => [
      inngest.createFunction({ id: "x", triggers: [{ event: "fx/x" }] }, async () => 1),
    ]);
    try {
      const r = await executor.sync(app.serveUrl);
      expect(r.ok).toBe(false);
      expect(executor.engine.state.fns.size).toBe(0);
    } finally {
      await app.close();
      await executor.close();
    }
  });
});
