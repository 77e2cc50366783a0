// PostgreSQL for the schema engine, through pg: the main database, a shadow database created and dropped
// per run (or SHADOW_DATABASE_URL), and the connect/create helpers the CLI needs without the wasm engine.
import { randomUUID } from "node:crypto";
import { lastScriptError, PRISMA_ONLY_PARAMS, scriptError } from "./script-errors.mjs";
import { postgresDatabaseName, withDatabase } from "./url.mjs";

// ------------------------------------------------------------------------------------------ PostgreSQL

/** Split a Prisma-style postgres URL into a pg config and the Prisma `schema` parameter. */
export function pgConfig(url) {
  const u = new URL(url);
  const schema = u.searchParams.get("schema") || undefined;
  for (const p of PRISMA_ONLY_PARAMS) u.searchParams.delete(p);
  const config = { connectionString: u.toString(), max: 4 };
  if (schema) config.options = `-c search_path="${schema.replace(/"/g, '""')}"`;
  return { config, schema };
}

let pgModule;
async function pg() {
  if (!pgModule) pgModule = (await import("pg")).default;
  return pgModule;
}

const CHAR_OID = 18; // "char": one-byte internal type used by pg_catalog (e.g. pg_class.relkind)
const TEXT_OID = 25;

function charAsText(result) {
  for (const r of Array.isArray(result) ? result : [result]) {
    for (const f of r?.fields ?? []) if (f.dataTypeID === CHAR_OID) f.dataTypeID = TEXT_OID;
  }
  return result;
}

/** A pg.Client that reports "char" columns as text: @prisma/adapter-pg cannot deserialize OID 18. */
async function charAsTextClient() {
  const { Client } = await pg();
  return class CharAsTextClient extends Client {
    query(config, values, callback) {
      if (typeof values === "function") {
        callback = values;
        values = undefined;
      }
      if (config && typeof config.submit === "function") return super.query(config, values, callback);
      if (typeof callback === "function") {
        return super.query(config, values, (err, res) => callback(err, err ? res : charAsText(res)));
      }
      return super.query(config, values).then(charAsText);
    }
  };
}

async function pgPool(url) {
  const { Pool } = await pg();
  const { config, schema } = pgConfig(url);
  const pool = new Pool({ ...config, Client: await charAsTextClient() });
  pool.on("error", () => {}); // idle client errors surface on the next query
  return { pool, schema };
}

async function pgAdapter(pool, schema) {
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const adapter = await new PrismaPg(pool, { schema }).connect();
  // adapter-pg splits scripts on ";", which breaks function bodies and string literals; the simple query
  // protocol runs a multi-statement script as one.
  adapter.executeScript = async (script) => {
    lastScriptError.current = null;
    try {
      await pool.query(script);
    } catch (e) {
      throw await scriptError(e);
    }
  };
  adapter.dispose = async () => {};
  return adapter;
}

/** Drops every user schema (and with it tables, types, functions, extensions) and recreates public. */
async function emptyPostgresDatabase(pool) {
  const { rows } = await pool.query(
    `SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_%'`,
  );
  const drops = rows.map((r) => `DROP SCHEMA ${quoteIdent(r.nspname)} CASCADE;`).join("\n");
  await pool.query(`${drops}\nCREATE SCHEMA public;`);
}

function sameDatabase(a, b) {
  const ua = new URL(a);
  const ub = new URL(b);
  return ua.hostname === ub.hostname && (ua.port || "5432") === (ub.port || "5432") && postgresDatabaseName(a) === postgresDatabaseName(b);
}

function quoteIdent(name) {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * @param {string} url the main database
 * @param {string} [shadowUrl] a shadow database the user provides (used as is, never dropped)
 */
export async function postgresFactory(url, shadowUrl) {
  if (shadowUrl && sameDatabase(shadowUrl, url)) {
    throw new Error("The shadow database URL (shadowDatabaseUrl) names the main database: Migrate would wipe it. Use another database.");
  }
  const pools = [];
  const createdShadows = [];
  let main;
  async function dropShadow(name) {
    const i = createdShadows.indexOf(name);
    if (i < 0) return;
    createdShadows.splice(i, 1);
    try {
      await main.pool.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    } catch {
      await main.pool.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`).catch((e) => {
        process.stderr.write(`[blast schema-engine] could not drop shadow database ${name}: ${e.message}\n`);
      });
    }
  }
  async function ensureMain() {
    if (!main) {
      main = await pgPool(url);
      pools.push(main.pool);
    }
    return main;
  }
  return {
    provider: "postgres",
    adapterName: "@blast/pg",
    async connect() {
      const { pool, schema } = await ensureMain();
      return pgAdapter(pool, schema);
    },
    async connectToShadowDb() {
      if (shadowUrl) {
        // A shadow database the user gave us: emptied before each use, as the native engine does.
        const shadow = await pgPool(shadowUrl);
        pools.push(shadow.pool);
        await emptyPostgresDatabase(shadow.pool);
        const adapter = await pgAdapter(shadow.pool, shadow.schema);
        adapter.dispose = async () => {
          await emptyPostgresDatabase(shadow.pool).catch(() => {});
          await endQuietly(shadow.pool);
        };
        return adapter;
      }
      // adapter-pg's own connectToShadowDb reuses the main database's pool and cannot drop the shadow
      // while it is connected, so we create a throwaway database and drop it once Migrate is done.
      const { pool: mainPool } = await ensureMain();
      const name = `prisma_shadow_${postgresDatabaseName(url)
        .replace(/[^A-Za-z0-9_]/g, "_")
        .slice(0, 20)}_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
      try {
        await mainPool.query(`CREATE DATABASE ${quoteIdent(name)}`);
      } catch (e) {
        throw new Error(
          `could not create a shadow database (${e?.message ?? e}). Grant the user CREATEDB, or point shadowDatabaseUrl ` +
            "(SHADOW_DATABASE_URL in prisma.config.ts) at an existing database Migrate may empty.",
        );
      }
      createdShadows.push(name);
      const shadow = await pgPool(withDatabase(url, name));
      pools.push(shadow.pool);
      const adapter = await pgAdapter(shadow.pool, shadow.schema);
      adapter.dispose = async () => {
        await endQuietly(shadow.pool);
        await dropShadow(name);
      };
      return adapter;
    },
    async close() {
      // Shadow pools first, so their databases can be dropped; the main pool last.
      for (const p of pools.filter((p) => p !== main?.pool)) await endQuietly(p);
      for (const name of [...createdShadows]) await dropShadow(name);
      for (const p of pools) await endQuietly(p);
      pools.length = 0;
      main = undefined;
    },
  };
}

async function endQuietly(pool) {
  if (pool.ended || pool.ending) return;
  await pool.end().catch(() => {});
}

// ------------------------------------------------------------------------- CLI helpers (no wasm engine)

/** Can we connect? Returns null, or { code, message } in the Prisma error-code vocabulary. */
export async function postgresCanConnect(url) {
  const { Client } = await pg();
  const client = new Client(pgConfig(url).config);
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (e) {
    return pgConnectError(e, url);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function postgresCreateDatabase(url) {
  const { Client } = await pg();
  const name = postgresDatabaseName(url);
  for (const maintenance of ["postgres", "template1"]) {
    const client = new Client(pgConfig(withDatabase(url, maintenance)).config);
    try {
      await client.connect();
      await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
      return null;
    } catch (e) {
      if (e?.code === "42P04") return null; // already exists
      if (e?.code === "3D000" && maintenance === "postgres") continue;
      return pgConnectError(e, url);
    } finally {
      await client.end().catch(() => {});
    }
  }
  return null;
}

function pgConnectError(e, url) {
  const u = new URL(url);
  const where = `${u.hostname}:${u.port || 5432}`;
  const db = postgresDatabaseName(url);
  switch (e?.code) {
    case "3D000":
      return { code: "P1003", message: `Database \`${db}\` does not exist on the database server at \`${where}\`.` };
    case "28P01":
    case "28000":
      return {
        code: "P1000",
        message: `Authentication failed against database server at \`${where}\`, the provided database credentials for \`${decodeURIComponent(u.username)}\` are not valid.`,
      };
    case "ECONNREFUSED":
    case "ENOTFOUND":
    case "EHOSTUNREACH":
    case "ETIMEDOUT":
      return {
        code: "P1001",
        message: `Can't reach database server at \`${where}\`\n\nPlease make sure your database server is running at \`${where}\`.`,
      };
    default:
      return { code: "P1000", message: `Could not connect to the database server at \`${where}\`: ${e?.message ?? e}` };
  }
}
