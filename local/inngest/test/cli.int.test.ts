import { afterEach, describe, expect, it } from "vitest";
import { type FixtureApp, startFixtureApp } from "./fixtures/app.js";
import { getJson, tempDir, until } from "./helpers.js";
import { type ChildExecutor, freePort, spawnExecutor } from "./process.js";

// `npm run inngest:local` as the start script runs it: env only, app possibly not up yet.
describe("the CLI entry point", () => {
  let child: ChildExecutor | undefined;
  let app: FixtureApp | undefined;
  afterEach(async () => {
    await app?.close();
    await child?.stop();
  });

  it("keeps trying to sync INNGEST_SERVE_URL until the app answers, then runs its functions", async () => {
    const appPort = await freePort();
    const port = String(await freePort());
    child = await spawnExecutor({
      INNGEST_PORT: port,
      INNGEST_DATA_DIR: tempDir(),
      INNGEST_SERVE_URL: `http://127.0.0.1:${appPort}/api/inngest`,
    });
    await new Promise((r) => setTimeout(r, 500));
    expect((await getJson(`${child.url}/v1/functions`)).data).toEqual([]);
    app = await startFixtureApp({ executorUrl: child.url, port: appPort }, (inngest) => [
      inngest.createFunction({ id: "hello", triggers: [{ event: "fx/hello" }] }, async ({ event }) => `hello ${event.data.who}`),
    ]);
    await until(async () => (await getJson(`${child!.url}/v1/functions`)).data.length === 1, { timeout: 10_000, what: "sync" });
    await app.client.send({ name: "fx/hello", data: { who: "agent" } });
    const idle = await getJson(`${child.url}/v1/idle?timeout=5000`);
    expect(idle.idle).toBe(true);
    const [run] = (await getJson(`${child.url}/v1/runs`)).data;
    expect((await getJson(`${child.url}/v1/runs/${run.id}`)).data.output).toBe("hello agent");
    const page = await (await fetch(`${child.url}/`)).text();
    expect(page).toContain("fixture-hello");
    expect(page).toContain("Completed");
  });

  it("stops cleanly on SIGTERM", async () => {
    child = await spawnExecutor({ INNGEST_PORT: String(await freePort()), INNGEST_DATA_DIR: tempDir() });
    await child.stop();
    expect(child.proc.exitCode).toBe(0);
    child = undefined;
  });
});
