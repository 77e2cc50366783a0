import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Point the Prisma CLI at our drop-in schema engine (local/schema-engine/bin/schema-engine) when no native
 * engine is available. Called at the top of prisma.config.ts, before the CLI looks for its engine.
 *
 * - PRISMA_SCHEMA_ENGINE_BINARY (or the deprecated PRISMA_MIGRATION_ENGINE_BINARY) set by the user: kept.
 * - a native engine present where Prisma looks for it (node_modules/@prisma/engines/schema-engine-*):
 *   nothing set, Prisma uses it as usual.
 * - otherwise: PRISMA_SCHEMA_ENGINE_BINARY = our engine, and the CLI skips its (offline-failing) download.
 *
 * Returns what it decided, for logs and tests.
 */
export type SchemaEngineChoice = { kind: "user"; path: string } | { kind: "native"; path: string } | { kind: "drop-in"; path: string };

export const SCHEMA_ENGINE_DIR = path.dirname(fileURLToPath(import.meta.url));
export const DROP_IN_ENGINE = path.join(SCHEMA_ENGINE_DIR, "bin", "schema-engine");

export function nativeSchemaEngine(enginesDir: string | null = findEnginesDir()): string | null {
  if (!enginesDir) return null;
  let names: string[];
  try {
    names = fs.readdirSync(enginesDir);
  } catch {
    return null;
  }
  const binary = names.find((n) => /^schema-engine-/.test(n) && !/\.(gz|sha256|sig|tmp)$/.test(n) && !n.includes(".tmp"));
  return binary ? path.join(enginesDir, binary) : null;
}

/** node_modules/@prisma/engines as the CLI resolves it (from the project root, else from the cwd). */
export function findEnginesDir(from: string[] = [path.resolve(SCHEMA_ENGINE_DIR, "..", ".."), process.cwd()]): string | null {
  for (const base of from) {
    try {
      const pkg = require_resolve("@prisma/engines/package.json", base);
      if (pkg) return path.dirname(pkg);
    } catch {}
  }
  return null;
}

function require_resolve(id: string, base: string): string | null {
  // Walk node_modules upwards like Node's resolver, without needing `require` in an ES module.
  let dir = path.resolve(base);
  for (;;) {
    const candidate = path.join(dir, "node_modules", id);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

export function schemaEngineEnv(
  env: Record<string, string | undefined> = process.env,
  opts: { enginesDir?: string | null; dropIn?: string } = {},
): SchemaEngineChoice {
  const userSet = env.PRISMA_SCHEMA_ENGINE_BINARY || env.PRISMA_MIGRATION_ENGINE_BINARY;
  if (userSet) return { kind: "user", path: userSet };
  const native = nativeSchemaEngine(opts.enginesDir === undefined ? findEnginesDir() : opts.enginesDir);
  if (native) return { kind: "native", path: native };
  const dropIn = opts.dropIn ?? DROP_IN_ENGINE;
  env.PRISMA_SCHEMA_ENGINE_BINARY = dropIn;
  return { kind: "drop-in", path: dropIn };
}
