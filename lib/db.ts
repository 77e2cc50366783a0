import { PrismaClient } from "@/lib/generated/prisma/client";
import { parseDatabaseUrl, resolveDatabaseUrl } from "@/lib/db-url";
import { acquirePgliteLock } from "@/lib/db-lock";

/**
 * The Prisma client of this process, from DATABASE_URL (PostgreSQL through @prisma/adapter-pg) or, by
 * default, PGlite in DATA_DIR. PGlite is one connection owned by one process, so the client is created
 * once per process and kept on globalThis (dev hot reload re-evaluates modules but must not open the
 * directory a second time).
 */
export type Db = PrismaClient;

const globalForDb = globalThis as unknown as { blastDb?: Promise<PrismaClient> };

export async function createDb(url: string = resolveDatabaseUrl()): Promise<PrismaClient> {
  const target = parseDatabaseUrl(url);
  if (target.kind === "postgres") {
    const { PrismaPg } = await import("@prisma/adapter-pg");
    return new PrismaClient({ adapter: new PrismaPg({ connectionString: target.url }) });
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  if (target.dir !== ":memory:") await acquirePgliteLock(target.dir);
  const pglite = target.dir === ":memory:" ? new PGlite() : new PGlite(target.dir);
  await pglite.waitReady;
  return new PrismaClient({ adapter: new PrismaPGlite(pglite) });
}

export function getDb(): Promise<PrismaClient> {
  globalForDb.blastDb ??= createDb();
  return globalForDb.blastDb;
}
