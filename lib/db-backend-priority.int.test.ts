import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPool } from "@/lib/db-pool";
import { lowerBackendPriority } from "@/lib/db-backend-priority";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/scripts/lib/embedded-postgres";

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

const backendPid = async (pool: ReturnType<typeof createPool>) =>
  (await pool.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0].pid;

// The embedded server `npm start` runs, on this machine: the workers' backends yield the CPU to the app's.
describe("the workers' backends of the embedded PostgreSQL run at the workers' priority", () => {
  let dataDir: string;
  let server: EmbeddedPostgres;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "blast-backend-nice-"));
    fs.chmodSync(dataDir, 0o755); // the server's unprivileged user must reach its folder
    server = await startEmbeddedPostgres({ dataDir, port: await freePort(), quiet: true });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  it("lowers the priority of each backend the worker's pool opens, and of no other", async () => {
    const workerPool = createPool({ connectionString: server.url, max: 2 }, 0);
    lowerBackendPriority(workerPool, 7);
    const appPool = createPool({ connectionString: server.url, max: 2 }, 0);
    try {
      // Two connections at once: each new backend is lowered, not only the first.
      const [a, b] = await Promise.all([workerPool.connect(), workerPool.connect()]);
      const pids = [
        (await a.query("SELECT pg_backend_pid() AS pid")).rows[0].pid,
        (await b.query("SELECT pg_backend_pid() AS pid")).rows[0].pid,
      ];
      a.release();
      b.release();
      expect(new Set(pids).size).toBe(2);
      for (const pid of pids) expect(os.getPriority(pid)).toBe(7);
      expect(os.getPriority(await backendPid(appPool))).toBe(os.getPriority(process.pid));
    } finally {
      await workerPool.end();
      await appPool.end();
    }
  });
});
