import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startResendSink, type RunningSink } from "@/local/resend/src/start-resend-sink";
import { createMigratedPostgresDatabase } from "@/lib/testing/test-databases";
import type { ProviderDoor } from "@/lib/deliveries/provider-door";
import { startProviderThread } from "./provider-thread";

/**
 * The worker's provider thread: the pacing gate on its own connections to PostgreSQL and the request
 * through the Resend SDK, answered back to the main thread. PostgreSQL only (the thread cannot reach a
 * PGlite database); it runs when TEST_DATABASE_URL names a server, as in `npm test`.
 */
const adminUrl = process.env.TEST_DATABASE_URL;
let sink: RunningSink;
let dir: string;
let database: { url: string; drop(): Promise<void> };
let door: ProviderDoor;
const saved = { ...process.env };

const email = (to: string) => ({ to, from: "Harbor <agents@harbor.test>", subject: "Office closed Monday", html: "<p>Hi</p>", text: "Hi" });

describe.skipIf(!adminUrl)("provider thread (PostgreSQL)", () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "provider-thread-"));
    sink = await startResendSink({ port: 0, dataDir: dir, log: () => {} });
    database = await createMigratedPostgresDatabase(adminUrl!);
    // The thread reads its configuration from the environment it is started with, as in a worker.
    Object.assign(process.env, { DATABASE_URL: database.url, RESEND_BASE_URL: sink.url, RESEND_API_KEY: "re_test" });
    door = startProviderThread();
  });
  afterAll(async () => {
    process.env = saved;
    await sink?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("sends a batch through the gate and answers each email's id; requests keep to the limit the provider enforces", async () => {
    sink.faults.update({ rateLimitPerSecond: 1 });
    const since = Date.now();
    const outcomes = [];
    // Three requests at once, at one request a second: the gate in the thread spaces them, so the
    // provider refuses none (it answers 429 to a second request within a second).
    outcomes.push(
      ...(await Promise.all(
        [0, 1, 2].map((i) =>
          door({
            emails: [email(`a${i}@example.com`), email(`b${i}@example.com`)],
            idempotencyKey: `t-${i}`,
            booking: null,
            requestsPerSecond: 1,
          }),
        ),
      )),
    );
    for (const o of outcomes) expect(o).toMatchObject({ kind: "sent", results: [{ id: expect.any(String) }, { id: expect.any(String) }] });
    const requests = sink.faults.requestLog.filter((r) => r.at >= since);
    expect(requests.map((r) => r.limited)).toEqual([false, false, false]);
    expect(sink.store.size).toBe(6);
    // The gate's state is in the database, shared with every worker process: the last request's stamp
    // (older ones leave the row once they are out of every window).
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query(`SELECT "stamps" FROM "ProviderPace" WHERE "id" = 'provider'`);
    await client.end();
    expect(Math.max(...rows[0].stamps)).toBeGreaterThanOrEqual(since);
  });

  it("the provider's own refusal comes back as the mailer's outcome, not as a thread failure", async () => {
    sink.faults.update({ rateLimitPerSecond: 0, failNext: 1 });
    const out = await door({ emails: [email("c@example.com")], idempotencyKey: "t-fail", booking: null, requestsPerSecond: 5 });
    expect(out).toMatchObject({ kind: "transient" });
  });
});
