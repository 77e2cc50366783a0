import fs from "node:fs";
import path from "node:path";
import { acquirePgliteLock } from "../../lib/db-lock";

/**
 * Blast used to keep its embedded database in PGlite (`$DATA_DIR/pglite`). The embedded default is now
 * a PostgreSQL server; a PGlite folder found beside it is copied into it once, table by table, and then
 * renamed to `pglite.imported-<time>` (kept, never deleted) so it is never imported twice nor silently
 * ignored. Both sides run the same migrations first, so the tables match column for column: each row
 * travels as PostgreSQL's own JSON of it (row_to_json) and is rebuilt with json_populate_recordset.
 */
export type ImportResult = { imported: false; reason: string } | { imported: true; rows: number; movedTo: string };

const SKIP = new Set(["_prisma_migrations"]);
const CHUNK = 2_000;

export function pgliteFolder(dataDir: string): string | null {
  const dir = path.join(dataDir, "pglite");
  return fs.existsSync(path.join(dir, "PG_VERSION")) ? dir : null;
}

/** Copies every row of `pgliteDir` into the (migrated, empty) PostgreSQL database at `targetUrl`. */
export async function importPglite(pgliteDir: string, targetUrl: string): Promise<ImportResult> {
  const { Client } = (await import("pg")).default;
  const target = new Client({ connectionString: targetUrl });
  await target.connect();
  try {
    const tables = await userTables((sql) => target.query(sql).then((r) => r.rows as { t: string }[]));
    for (const t of tables) {
      const { rows } = await target.query(`SELECT EXISTS (SELECT 1 FROM "${t}") AS any`);
      if (rows[0].any) return { imported: false, reason: `the PostgreSQL database already has data (table ${t})` };
    }

    const { PGlite } = await import("@electric-sql/pglite");
    const release = await acquirePgliteLock(pgliteDir);
    const source = new PGlite(pgliteDir);
    let total = 0;
    try {
      await source.waitReady;
      await target.query("BEGIN");
      // Rows arrive in any order; foreign keys are checked by the source already (superuser of the embedded cluster).
      await target.query("SET LOCAL session_replication_role = replica");
      for (const t of await userTables((sql) => source.query<{ t: string }>(sql).then((r) => r.rows))) {
        const { rows } = await source.query<{ j: string }>(`SELECT row_to_json(x)::text AS j FROM "${t}" x`);
        for (let i = 0; i < rows.length; i += CHUNK) {
          const json = `[${rows
            .slice(i, i + CHUNK)
            .map((r) => r.j)
            .join(",")}]`;
          await target.query(`INSERT INTO "${t}" SELECT * FROM json_populate_recordset(NULL::"${t}", $1::json)`, [json]);
        }
        total += rows.length;
      }
      await target.query("COMMIT");
    } catch (error) {
      await target.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      await source.close();
      release();
    }
    const movedTo = `${pgliteDir}.imported-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    fs.renameSync(pgliteDir, movedTo);
    return { imported: true, rows: total, movedTo };
  } finally {
    await target.end();
  }
}

async function userTables(query: (sql: string) => Promise<{ t: string }[]>): Promise<string[]> {
  const rows = await query("SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
  return rows.map((r) => r.t).filter((t) => !SKIP.has(t));
}
