// The drop-in schema engine: the Prisma CLI spawns it (PRISMA_SCHEMA_ENGINE_BINARY) and talks JSON-RPC
// over stdio, one request per line on stdin, one response per line on stdout. Each call is forwarded
// to @prisma/schema-engine-wasm, connected to the database through a driver adapter chosen from the
// datasource URL (PGlite or PostgreSQL). See ../README.md.
//
// Invocations seen from prisma 7.10:
//   schema-engine --version
//   schema-engine [--datamodels <schema file>]… [--datasource <json {url, shadowDatabaseUrl?}>]   (RPC)
//   schema-engine --datasource <json> cli can-connect-to-database | create-database
import { readFileSync } from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { lastScriptError, pgliteFactory, postgresCanConnect, postgresCreateDatabase, postgresFactory } from "./adapters.mjs";
import { debugLog } from "./debug.mjs";
import { acquireDirLock } from "./lock.mjs";
import { parseDatasourceUrl, postgresDatabaseName } from "./url.mjs";
import { loadSchemaEngineWasm } from "./wasm.mjs";

/** A log line in the format the CLI reads from the engine's stderr. */
function logLine(level, message, extra = {}) {
  process.stderr.write(
    JSON.stringify({ timestamp: new Date().toISOString(), level, fields: { message, ...extra }, target: "schema_engine::logger" }) + "\n",
  );
}

// ------------------------------------------------------------------------------------------- arguments

function parseArgs(argv) {
  const out = { datamodels: [], datasource: undefined, cli: undefined, version: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--version" || a === "-V") out.version = true;
    else if (a === "--datamodels" || a === "-d") out.datamodels.push(argv[++i]);
    else if (a === "--datasource") out.datasource = JSON.parse(argv[++i]);
    else if (a === "--enabled-preview-features" || a === "--extension-types") i++;
    else if (a === "cli") {
      out.cli = argv[i + 1];
      break;
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------- database

/** The adapter factory for a datasource, holding the PGlite directory lock while it is open. */
async function openTarget(datasource, cwd) {
  const url = datasource?.url;
  const target = url ? parseDatasourceUrl(url, cwd) : { kind: "pglite", dir: null };
  if (target.kind === "pglite") {
    const lock = target.dir ? await acquireDirLock(target.dir) : null;
    const factory = await pgliteFactory(target.dir);
    return {
      target,
      factory,
      async close() {
        try {
          await factory.close();
        } finally {
          lock?.release();
        }
      },
    };
  }
  const factory = await postgresFactory(target.url, datasource?.shadowDatabaseUrl || undefined);
  return { target, factory, close: () => factory.close() };
}

// ----------------------------------------------------------------------------------------- cli commands

async function runCliCommand(command, datasource) {
  // The CLI drops the first stderr line (the native engine's start-up log) and parses the rest as JSON.
  logLine("INFO", `Starting Blast schema engine CLI: ${command}`);
  const target = datasource?.url ? parseDatasourceUrl(datasource.url) : null;
  if (!target) {
    logLine("ERROR", "No datasource URL given", { error_code: "P1012" });
    return 1;
  }
  if (target.kind === "pglite") {
    // PGlite creates its database on first open: there is always a database to connect to.
    return 0;
  }
  let error = null;
  if (command === "can-connect-to-database") error = await postgresCanConnect(target.url);
  else if (command === "create-database") error = await postgresCreateDatabase(target.url);
  else if (command === "drop-database") {
    logLine("ERROR", "drop-database is not supported by the Blast schema engine", { error_code: "P1000" });
    return 1;
  } else {
    logLine("ERROR", `Unknown cli command: ${command}`);
    return 1;
  }
  if (error) {
    logLine("ERROR", error.message, { error_code: error.code });
    return 1;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------- errors

const GENERIC_RPC_ERROR = "An error happened. Check the data field for details.";

/** Drop the Rust span trace ("   0: sql_schema_connector::… with … at …") the wasm engine appends. */
export function stripSpanTrace(message) {
  const lines = message.split("\n");
  const i = lines.findIndex((l) => /^\s+\d+: [\w:]+/.test(l));
  return (i >= 0 ? lines.slice(0, i) : lines).join("\n").trimEnd();
}

/** Errors thrown in our JS (adapters) reach the wasm engine as "External error id#N"; N indexes this. */
let externalErrors = null;

function withExternalErrors(message) {
  return message.replace(/External error id#(\d+)/g, (all, id) => {
    const found = externalErrors?.consumeError(Number(id))?.error;
    return found ? String(found?.message ?? found) : all;
  });
}

/** Turn whatever the wasm engine threw into the JSON-RPC error the CLI understands. */
function toRpcError(e) {
  debugLog("error", { message: e?.message, name: e?.name, e: String(e) });
  let payload = e;
  if (e instanceof Error || typeof e === "string") {
    const text = typeof e === "string" ? e : e.message;
    try {
      payload = JSON.parse(text);
    } catch {
      payload = { message: text, is_panic: false };
    }
  }
  const isPanic = Boolean(payload?.is_panic);
  const raw = withExternalErrors(String(payload?.message ?? e));
  let message = stripSpanTrace(raw);
  let errorCode = payload?.error_code ?? null;
  const failedMigration = /apply_script\s+with migration_name="([^"]+)"/.exec(raw)?.[1];
  if (failedMigration && !errorCode) {
    // What the native engine reports for a migration script that fails (P3018).
    const db = lastScriptError.current;
    errorCode = "P3018";
    message =
      "A migration failed to apply. New migrations cannot be applied before the error is recovered from. Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve\n\n" +
      `Migration name: ${failedMigration}\n\n` +
      (db
        ? `Database error code: ${db.code}\n\nDatabase error:\n${db.message}${db.detail ? `\n\nDETAIL: ${db.detail}` : ""}${db.hint ? `\nHINT: ${db.hint}` : ""}`
        : `Database error:\n${message}`);
  }
  return {
    code: 4466,
    message: GENERIC_RPC_ERROR,
    data: {
      is_panic: isPanic,
      message,
      meta: payload?.meta ?? null,
      error_code: errorCode,
      ...(isPanic ? { error: { message } } : {}),
    },
  };
}

function errorCode(e) {
  const text = e?.message ?? (typeof e === "string" ? e : "");
  if (e?.error_code) return e.error_code;
  try {
    return JSON.parse(text).error_code;
  } catch {}
  const m = /\b(P\d{4})\b/.exec(text);
  return m?.[1];
}

function errorText(e) {
  if (typeof e === "string") return e;
  return `${e?.message ?? ""} ${e?.error_code ?? ""}`;
}

// ------------------------------------------------------------------------------------------------- rpc

async function runRpc(args) {
  const cwd = process.cwd();
  const datamodels = args.datamodels.map((p) => [p, readFileSync(path.resolve(cwd, p), "utf8")]);
  const wasm = await loadSchemaEngineWasm();

  let db = null;
  let engine = null;
  let devDiagnosed = false;
  let nextPrintId = 1_000_000;

  async function getEngine() {
    if (engine) return engine;
    db = await openTarget(args.datasource, cwd);
    const { bindMigrationAwareSqlAdapterFactory } = await import("@prisma/driver-adapter-utils");
    const bound = bindMigrationAwareSqlAdapterFactory(db.factory);
    externalErrors = bound.errorRegistry;
    engine = await wasm.SchemaEngine.new(
      { datamodels: datamodels.length ? datamodels : undefined },
      (log) => {
        debugLog("engine-log", log);
        if (typeof log === "string" && log.startsWith("{")) process.stderr.write(log.trimEnd() + "\n");
      },
      bound,
    );
    return engine;
  }

  async function devDiagnostic(params) {
    const e = await getEngine();
    try {
      const out = await e.devDiagnostic(params);
      devDiagnosed = true;
      return out;
    } catch (err) {
      // A fresh database has no _prisma_migrations table yet and the wasm engine stops there with
      // P1014; applying an empty migration list creates the table, then the diagnostic can run.
      if (errorCode(err) !== "P1014" && !/_prisma_migrations/.test(errorText(err))) throw err;
      debugLog("devDiagnostic: creating _prisma_migrations and retrying");
      await e.applyMigrations({
        migrationsList: { ...params.migrationsList, migrationDirectories: [] },
        filters: params.filters,
      });
      const out = await e.devDiagnostic(params);
      devDiagnosed = true;
      return out;
    }
  }

  /** createMigration / evaluateDataLoss need the shadow database set up by a devDiagnostic. */
  async function withShadow(method, params) {
    const e = await getEngine();
    if (!devDiagnosed) await devDiagnostic({ migrationsList: params.migrationsList, filters: params.filters });
    try {
      return await e[method](params);
    } catch (err) {
      if (!/external factory/i.test(errorText(err))) throw err;
      await devDiagnostic({ migrationsList: params.migrationsList, filters: params.filters });
      return await e[method](params);
    }
  }

  const handlers = {
    async createDatabase(params) {
      const ds = params?.datasource;
      const url = ds?.tag === "ConnectionString" ? ds.url : args.datasource?.url;
      const target = url ? parseDatasourceUrl(url, cwd) : { kind: "pglite", dir: null };
      if (target.kind === "pglite") return { databaseName: "pglite" };
      const error = await postgresCreateDatabase(target.url);
      if (error) throw { message: error.message, error_code: error.code, is_panic: false };
      return { databaseName: postgresDatabaseName(target.url) };
    },
    async getDatabaseVersion(params) {
      return (await getEngine()).version(params ?? null);
    },
    async devDiagnostic(params) {
      return devDiagnostic(params);
    },
    async createMigration(params) {
      return withShadow("createMigration", params);
    },
    async evaluateDataLoss(params) {
      return withShadow("evaluateDataLoss", params);
    },
    async diff(params) {
      const result = await (await getEngine()).diff(params);
      // The native engine prints the diff through a `print` request to the CLI; the wasm engine returns
      // it. The CLI handles requests and responses in order, so the print lands before the result.
      if (typeof result?.stdout === "string") {
        process.stdout.write(
          JSON.stringify({ jsonrpc: "2.0", id: nextPrintId++, method: "print", params: { content: result.stdout } }) + "\n",
        );
      }
      return { exitCode: result?.exitCode ?? 0 };
    },
    async debugPanic() {
      throw { message: "This is the debugPanic artificial panic", is_panic: true };
    },
  };

  async function handle(req) {
    const { method, params } = req;
    if (handlers[method]) return handlers[method](params);
    const e = await getEngine();
    if (typeof e[method] !== "function") {
      throw { message: `The Blast schema engine (over @prisma/schema-engine-wasm) does not support \`${method}\`.`, is_panic: false };
    }
    const result = await e[method](params);
    return result === undefined ? {} : result;
  }

  // Requests are answered one at a time, in order.
  let queue = Promise.resolve();
  let shuttingDown = null;

  function respond(obj) {
    process.stdout.write(JSON.stringify(obj) + "\n");
  }

  function onLine(line) {
    if (!line.trim()) return;
    let req;
    try {
      req = JSON.parse(line);
    } catch {
      respond({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } });
      return;
    }
    if (req.id === undefined || !req.method) return; // a response to one of our requests, or a notification
    queue = queue.then(async () => {
      debugLog("->", req.method, req.id);
      try {
        const result = await handle(req);
        debugLog("<-", req.method, req.id, "ok");
        respond({ jsonrpc: "2.0", id: req.id, result: result ?? {} });
      } catch (e) {
        const error = toRpcError(e);
        debugLog("<-", req.method, req.id, "error", error);
        respond({ jsonrpc: "2.0", id: req.id, error });
      }
    });
  }

  async function shutdown(reason) {
    if (shuttingDown) return shuttingDown;
    shuttingDown = (async () => {
      debugLog("shutdown:", reason);
      await queue.catch(() => {});
      try {
        await db?.close();
      } catch (e) {
        process.stderr.write(`[blast schema-engine] shutdown: ${e?.message ?? e}\n`);
      }
      debugLog("closed");
      process.exit(0);
    })();
    return shuttingDown;
  }

  // The CLI ends stdin and then (on Linux, at once) sends SIGTERM: close the database cleanly first.
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGHUP", () => void shutdown("SIGHUP"));
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on("line", onLine);
  rl.on("close", () => void shutdown("stdin closed"));
}

// ------------------------------------------------------------------------------------------------ main

async function main() {
  const args = parseArgs(process.argv.slice(2));
  debugLog(
    "start",
    process.argv.slice(2).map((a) => (a.length > 300 ? a.slice(0, 300) + "…" : a)),
    "cwd",
    process.cwd(),
  );
  if (args.version) {
    const wasm = await loadSchemaEngineWasm();
    process.stdout.write(`schema-engine-cli ${wasm.version()}\n`);
    return;
  }
  if (args.cli) {
    const code = await runCliCommand(args.cli, args.datasource);
    process.exit(code);
  }
  await runRpc(args);
}

main().catch((e) => {
  debugLog("fatal", String(e?.stack ?? e));
  logLine("ERROR", String(e?.message ?? e));
  process.exit(1);
});
