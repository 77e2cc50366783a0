// PGlite for the schema engine: the main database in a data directory (started from a cached dump of an
// empty cluster instead of initdb when new) and in-memory shadow databases, reused within a run.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { lastScriptError, scriptError } from "./script-errors.mjs";
import { debugLog } from "./debug.mjs";

// ---------------------------------------------------------------------------------------------- PGlite

async function openPGlite(dir) {
  const started = Date.now();
  const { PGlite } = await import("@electric-sql/pglite");
  if (dir) mkdirSync(dir, { recursive: true });
  const db = dir ? new PGlite(dir) : new PGlite();
  await db.waitReady;
  debugLog(`PGlite ${dir ?? "(memory)"} ready in ${Date.now() - started} ms`);
  return db;
}

/**
 * Opens the PGlite data directory. A new (missing or empty) directory starts from the empty-cluster dump
 * when there is one, instead of running initdb (several seconds); the first cluster initdb makes is
 * dumped for next time.
 */
async function openMainPGlite(dir) {
  const fresh = !existsSync(dir) || readdirSync(dir).length === 0;
  const dump = fresh ? loadPristineDump() : null;
  if (dump) {
    const { PGlite } = await import("@electric-sql/pglite");
    const started = Date.now();
    mkdirSync(dir, { recursive: true });
    try {
      const db = new PGlite({ dataDir: dir, loadDataDir: dump });
      await db.waitReady;
      debugLog(`PGlite ${dir} created from the empty-cluster dump in ${Date.now() - started} ms`);
      return db;
    } catch (e) {
      debugLog("creating PGlite from the dump failed, running initdb:", String(e?.message ?? e));
      forgetPristineDump();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const db = await openPGlite(dir);
  if (fresh && !pristineDump) await savePristineDump(db);
  return db;
}

// A shadow database is a fresh in-memory PGlite. Booting one runs initdb (~1.5 s), and `migrate dev` needs
// up to three, so the first empty cluster is dumped and later ones start from that dump (~0.3 s); the dump
// is also cached in the OS temp dir, keyed by PGlite's version, for the next engine process.
let pristineDump = null;

function pristineCacheFile() {
  try {
    const require = createRequire(import.meta.url);
    let dir = path.dirname(require.resolve("@electric-sql/pglite"));
    while (!existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    const { version } = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    return path.join(os.tmpdir(), `blast-pglite-empty-${version}-${process.getuid?.() ?? "u"}.tar`);
  } catch {
    return null;
  }
}

function loadPristineDump() {
  if (pristineDump) return pristineDump;
  const file = pristineCacheFile();
  if (!file || !existsSync(file)) return null;
  try {
    pristineDump = new Blob([readFileSync(file)]);
  } catch {
    pristineDump = null;
  }
  return pristineDump;
}

function forgetPristineDump() {
  pristineDump = null;
  const file = pristineCacheFile();
  if (file) rmSync(file, { force: true });
}

async function savePristineDump(db) {
  try {
    pristineDump = await db.dumpDataDir("none");
    const file = pristineCacheFile();
    if (!file || existsSync(file)) return;
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.from(await pristineDump.arrayBuffer()));
    renameSync(tmp, file);
  } catch {
    // Only a cache.
  }
}

async function openShadowPGlite() {
  const { PGlite } = await import("@electric-sql/pglite");
  const dump = loadPristineDump();
  if (dump) {
    try {
      const started = Date.now();
      const db = new PGlite({ loadDataDir: dump });
      await db.waitReady;
      debugLog(`shadow PGlite ready from the empty-cluster dump in ${Date.now() - started} ms`);
      return db;
    } catch {
      forgetPristineDump();
    }
  }
  const db = await openPGlite(null);
  await savePristineDump(db);
  return db;
}

async function pgliteAdapter(db) {
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  const adapter = await new PrismaPGlite(db).connect();
  // pglite-prisma-adapter 0.7 does not await exec() in executeScript, so errors (and completion) are
  // lost; migrations and shadow replays need the real outcome.
  adapter.executeScript = async (script) => {
    lastScriptError.current = null;
    try {
      await db.exec(script);
    } catch (e) {
      throw await scriptError(e);
    }
  };
  return adapter;
}

/** Empties a PGlite cluster for reuse as a shadow database: every user schema dropped, public recreated. */
async function resetShadow(db) {
  const { rows } = await db.query(
    `SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_%'`,
  );
  const drops = rows.map((r) => `DROP SCHEMA "${r.nspname.replace(/"/g, '""')}" CASCADE;`).join("\n");
  await db.exec(`${drops}\nCREATE SCHEMA public;`);
}

export async function pgliteFactory(dir) {
  const opened = [];
  let main;
  let idleShadow = null; // a shadow cluster given back by Migrate, emptied, ready for the next one
  return {
    provider: "postgres",
    adapterName: "@blast/pglite",
    async connect() {
      if (!main) {
        main = dir ? await openMainPGlite(dir) : await openShadowPGlite();
        opened.push(main);
      }
      return pgliteAdapter(main);
    },
    async connectToShadowDb() {
      let shadow = idleShadow;
      idleShadow = null;
      if (!shadow) {
        shadow = await openShadowPGlite();
        opened.push(shadow);
      }
      const adapter = await pgliteAdapter(shadow);
      adapter.dispose = async () => {
        try {
          await resetShadow(shadow);
          if (!idleShadow) {
            idleShadow = shadow;
            debugLog("shadow PGlite emptied for reuse");
            return;
          }
        } catch (e) {
          debugLog("shadow PGlite reset failed, closing it:", String(e?.message ?? e));
        }
        await closeQuietly(shadow);
      };
      return adapter;
    },
    async close() {
      for (const db of opened.reverse()) await closeQuietly(db);
      opened.length = 0;
      main = undefined;
      idleShadow = null;
    },
  };
}

async function closeQuietly(db) {
  if (db.closed) return;
  try {
    await db.close();
  } catch (e) {
    process.stderr.write(`[blast schema-engine] closing PGlite: ${e?.message ?? e}\n`);
  }
}
