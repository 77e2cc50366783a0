import path from "node:path";

/**
 * Where the database is. DATABASE_URL (postgresql://…) selects PostgreSQL; without it Blast uses PGlite,
 * real Postgres compiled to WASM, with its files in `${DATA_DIR}/pglite`.
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

export function resolveDatabaseUrl(env: Record<string, string | undefined> = process.env): string {
  return env.DATABASE_URL || pgliteUrl(pgliteDir(env));
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
