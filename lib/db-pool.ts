import pg from "pg";
import { isDatabaseUnavailable } from "@/lib/db-unavailable";

/**
 * The connection pool of one process for PostgreSQL.
 *
 * Size: DATABASE_POOL_SIZE (default 20, pg's own is 10). The worker runs as many steps at once as the
 * engine's concurrency allows (PROVIDER_CONCURRENCY 20 by default) and each record step holds a
 * transaction; with 10 connections, transactions queued past Prisma's 2 s maxWait and failed with P2028
 * "unable to start a transaction" under a full-speed blast.
 *
 * Waiting out an outage: with DATABASE_WAIT_MS > 0 (the worker sets 60 s), a new connection that fails
 * because the server is down or restarting is tried again, with backoff, until that budget is spent, so a
 * step that starts during a database outage waits for the database instead of burning its retries in
 * seconds and failing its recipients. The dashboard's process keeps 0: a page answers at once with
 * "database unavailable, retrying" rather than hang.
 */
export const DEFAULT_POOL_SIZE = 20;

/**
 * How long an idle connection stays open (pg closes them after 10 s by default). A new connection is a
 * new server process and a SCRAM exchange — the client's PBKDF2 alone was ≈ 4 ms of CPU — so at pg's
 * default every burst after a lull (an agent's next click, a blast's next wave of steps) paid that again:
 * ≈ 60 connections opened in one worker's first 80 s. The server's max_connections already counts
 * every pool full (scripts/lib/stack-env.ts).
 */
export const POOL_IDLE_MS = 300_000;

export function poolSettings(env: Record<string, string | undefined> = process.env) {
  return {
    max: Number(env.DATABASE_POOL_SIZE) || DEFAULT_POOL_SIZE,
    waitMs: Number(env.DATABASE_WAIT_MS) || 0,
    // Prisma's wait for a connection to begin a transaction: beyond the outage budget, so the pool's wait
    // decides (a transaction timed out by Prisma while the pool still connects would leak the connection).
    txMaxWaitMs: Number(env.DATABASE_TX_MAX_WAIT_MS) || (Number(env.DATABASE_WAIT_MS) || 0) + 10_000,
    /** `nice` for this process's backends of a server on this machine (lib/db-backend-priority.ts); 0: leave them. */
    backendNice: Number(env.DATABASE_BACKEND_NICE) || 0,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type ConnectCallback = (err: Error | undefined, client?: pg.PoolClient, done?: (release?: unknown) => void) => void;

export function createPool(config: pg.PoolConfig, waitMs: number): pg.Pool {
  const pool = new pg.Pool({ idleTimeoutMillis: POOL_IDLE_MS, ...config });
  // An idle connection the server ended (a restart, an outage, a test database dropped WITH (FORCE)) is
  // dropped from the pool by pg, and the next query opens another. pg reports it as an 'error' event, which
  // ends the process when nothing listens — Prisma's adapter listens only while it is connected.
  pool.on("error", () => undefined);
  const connectOnce = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;

  async function connectWaiting(): Promise<pg.PoolClient> {
    const deadline = Date.now() + waitMs;
    for (let attempt = 0; ; attempt++) {
      try {
        return await connectOnce();
      } catch (error) {
        if (waitMs <= 0 || !isDatabaseUnavailable(error) || Date.now() >= deadline) throw error;
        await sleep(Math.min(100 * 2 ** attempt, 1_000, Math.max(0, deadline - Date.now())));
      }
    }
  }

  // pg's pool.query() calls connect(callback); Prisma's transactions call connect(): both wait.
  function connect(cb?: ConnectCallback): Promise<pg.PoolClient> | void {
    if (!cb) return connectWaiting();
    connectWaiting().then(
      (client) => cb(undefined, client, (release?: unknown) => client.release(release as Error | boolean | undefined)),
      (error: Error) => cb(error),
    );
  }
  pool.connect = connect as pg.Pool["connect"];
  return pool;
}
