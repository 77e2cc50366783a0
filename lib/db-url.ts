import fs from "node:fs";
import path from "node:path";

/**
 * Where the database is. DATABASE_URL (postgresql://…) selects PostgreSQL. Without it: the embedded
 * PostgreSQL server that `npm start` runs in `${DATA_DIR}/postgres`, found through the connection file
 * it writes (`${DATA_DIR}/postgres.json`), so `npm run admin` and `npx prisma …` reach it while it runs;
 * else (no embedded server ever set up there) PGlite, real Postgres compiled to WASM, in
 * `${DATA_DIR}/pglite` — one process at a time, kept for in-memory test databases and old data folders.
 *
 * Prisma's CLI only accepts postgres URLs for a postgresql schema, so PGlite is named by a postgres URL
 * with the `pglite` host and the data directory in the `dir` parameter. Plain TypeScript, no imports
 * beyond node: this file is shared by prisma.config.ts, lib/db.ts and the start scripts.
 */
export type DatabaseTarget = { kind: "pglite"; dir: string } | { kind: "postgres"; url: string };

export const PGLITE_HOST = "pglite";

export function dataDir(env: Record<string, string | undefined> = process.env): string {
  return path.resolve(/* turbopackIgnore: true */ env.DATA_DIR || ".data");
}

export function pgliteDir(env: Record<string, string | undefined> = process.env): string {
  return path.join(dataDir(env), "pglite");
}

export function pgliteUrl(dir: string): string {
  return `postgresql://${PGLITE_HOST}/blast?dir=${encodeURIComponent(path.resolve(/* turbopackIgnore: true */ dir))}`;
}

/** How to reach the embedded server (written by scripts/lib/embedded-postgres.ts; mode 600: it holds the password). */
export type EmbeddedConnection = { user: string; password: string; database: string; port: number };

export function embeddedConnectionFile(dir: string): string {
  return path.join(dir, "postgres.json");
}

export function embeddedPostgresUrl(c: EmbeddedConnection): string {
  return `postgresql://${encodeURIComponent(c.user)}:${encodeURIComponent(c.password)}@127.0.0.1:${c.port}/${encodeURIComponent(c.database)}`;
}

function embeddedUrl(env: Record<string, string | undefined>): string | null {
  const file = embeddedConnectionFile(dataDir(env));
  if (!fs.existsSync(file)) return null;
  return embeddedPostgresUrl(JSON.parse(fs.readFileSync(file, "utf8")) as EmbeddedConnection);
}

export function resolveDatabaseUrl(env: Record<string, string | undefined> = process.env): string {
  return env.DATABASE_URL || embeddedUrl(env) || pgliteUrl(pgliteDir(env));
}

export function parseDatabaseUrl(url: string): DatabaseTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error("DATABASE_URL is not a valid URL (expected postgresql://…)");
  }
  if (u.protocol !== "postgresql:" && u.protocol !== "postgres:") {
    throw new Error(`DATABASE_URL must start with postgresql:// (got ${u.protocol}//…)`);
  }
  if (u.hostname === PGLITE_HOST) {
    const dir = u.searchParams.get("dir");
    return { kind: "pglite", dir: dir ? path.resolve(/* turbopackIgnore: true */ dir) : ":memory:" };
  }
  return { kind: "postgres", url };
}
