import path from "node:path";
import { defineConfig } from "prisma/config";
import { resolveDatabaseUrl } from "./lib/db-url";
import { schemaEngineEnv } from "./local/schema-engine/config";

// The CLI needs a schema engine; on machines where Prisma's native binary cannot be downloaded we point
// it at our drop-in engine over @prisma/schema-engine-wasm (local/schema-engine). A native engine that is
// present (PRISMA_SCHEMA_ENGINE_BINARY set by the user, or already downloaded) is used as usual.
schemaEngineEnv();

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations"), seed: "tsx prisma/seed.ts" },
  // SHADOW_DATABASE_URL: an existing empty database Migrate may use as its shadow (PostgreSQL users without
  // CREATEDB). Without it the engine creates and drops a throwaway one (PGlite: an in-memory cluster).
  datasource: {
    url: resolveDatabaseUrl(),
    ...(process.env.SHADOW_DATABASE_URL ? { shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL } : {}),
  },
});
