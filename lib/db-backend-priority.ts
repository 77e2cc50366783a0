import os from "node:os";
import type pg from "pg";

/**
 * The workers' own database work at the workers' priority: each new connection of this process's pool
 * asks the server for its backend's pid and lowers that process's scheduling priority (`nice`).
 *
 * Why: `npm start` runs the embedded PostgreSQL on the dashboard's machine. The workers already run at
 * WORKER_NICE, but a statement they send is executed by a PostgreSQL backend at normal priority, so while a
 * blast sends the dashboard's queries queued for the CPU behind the workers'. Only for a server on this
 * machine (start.ts sets DATABASE_BACKEND_NICE for the embedded one): a pid of another host means nothing
 * here. The same idea as PostgreSQL's `pg_prioritize` extension, without an extension.
 */
export function lowerBackendPriority(pool: pg.Pool, nice: number): void {
  if (!(nice > 0)) return;
  pool.on("connect", (client) => {
    // Queued ahead of the statement the connection was opened for; pg runs a client's queries in order.
    client
      .query<{ pid: number }>("SELECT pg_backend_pid() AS pid")
      .then(({ rows }) => os.setPriority(rows[0].pid, Math.min(19, nice)))
      .catch(() => {
        /* not permitted, or the connection ended: the backend keeps its priority */
      });
  });
}
