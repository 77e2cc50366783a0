// Driver-adapter factories handed to @prisma/schema-engine-wasm: PGlite (pglite-adapter.mjs: a data
// directory, or memory) and PostgreSQL (postgres-adapter.mjs). Each factory has connect() for the main
// database and connectToShadowDb() for the shadow database Migrate replays the migration history into.
// Resources are tracked so close() can release them all (PGlite must be closed cleanly or its directory
// is left as after a crash). This file is the one place the engine imports them from.
export { pgliteFactory } from "./pglite-adapter.mjs";
export { pgConfig, postgresCanConnect, postgresCreateDatabase, postgresFactory } from "./postgres-adapter.mjs";
export { lastScriptError } from "./script-errors.mjs";
