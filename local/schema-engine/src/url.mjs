// Which database a datasource URL names. Same convention as lib/db-url.ts (kept in sync by a unit test):
//   postgresql://pglite/<name>?dir=<absolute dir>   PGlite with its files in <dir>
//   postgresql://pglite/<name>                       PGlite in memory (tests, shadow databases)
//   postgresql://user:pass@host:port/db?…            PostgreSQL
import path from "node:path";

export const PGLITE_HOST = "pglite";

/**
 * @param {string} url
 * @param {string} [cwd] base for a relative `dir`
 * @returns {{ kind: "pglite", dir: string | null } | { kind: "postgres", url: string }}
 */
export function parseDatasourceUrl(url, cwd = process.cwd()) {
  let u;
  try {
    u = new URL(url);
  } catch {
    throw new Error("The datasource URL is not a valid URL (expected postgresql://…)");
  }
  if (u.protocol !== "postgresql:" && u.protocol !== "postgres:") {
    throw new Error(`The datasource URL must start with postgresql:// (got ${u.protocol}//…)`);
  }
  if (u.hostname === PGLITE_HOST) {
    const dir = u.searchParams.get("dir");
    return { kind: "pglite", dir: dir ? path.resolve(cwd, dir) : null };
  }
  return { kind: "postgres", url };
}

/** The database name in a PostgreSQL URL (default: the user name, as libpq does). */
export function postgresDatabaseName(url) {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.replace(/^\//, ""));
  return name || decodeURIComponent(u.username) || "postgres";
}

/** The same server URL with another database name. */
export function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = "/" + encodeURIComponent(database);
  return u.toString();
}
