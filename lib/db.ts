import { PrismaClient, type Prisma } from "@/lib/generated/prisma/client";
import { parseDatabaseUrl, resolveDatabaseUrl } from "@/lib/db-url";
import { acquirePgliteLock } from "@/lib/db-lock";

/**
 * The Prisma client of this process, from DATABASE_URL (PostgreSQL through @prisma/adapter-pg, the
 * embedded server included: see lib/db-url.ts) or PGlite (in-memory test databases; an old data folder).
 * One client per process, kept on globalThis (dev hot reload re-evaluates modules but must not open a
 * second pool, nor a PGlite directory twice). The pool's size and its patience with a database that is
 * down are in lib/db-pool.ts.
 */
export type Db = PrismaClient;
/** The client inside db.$transaction: domain functions that take part in a caller's transaction take one. */
export type Tx = Prisma.TransactionClient;

const globalForDb = globalThis as unknown as { blastDb?: Promise<PrismaClient> };

export type OpenDb = { db: PrismaClient; close(): Promise<void> };

/**
 * A client and the way to close it. A short-lived process (a script, the admin CLI) must close PGlite
 * before exiting: one that leaves it open after opening a directory that was itself not closed cleanly
 * never exits.
 */
export async function openDb(url: string = resolveDatabaseUrl()): Promise<OpenDb> {
  const target = parseDatabaseUrl(url);
  if (target.kind === "postgres") {
    const { PrismaPg } = await import("@prisma/adapter-pg");
    const { createPool, poolSettings } = await import("@/lib/db-pool");
    const settings = poolSettings();
    const pool = createPool({ connectionString: target.url, max: settings.max }, settings.waitMs);
    if (settings.backendNice > 0) (await import("@/lib/db-backend-priority")).lowerBackendPriority(pool, settings.backendNice);
    const db = new PrismaClient({
      adapter: new PrismaPg(pool, { disposeExternalPool: true }),
      transactionOptions: { maxWait: settings.txMaxWaitMs },
    });
    return { db, close: () => db.$disconnect() };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  const release = target.dir !== ":memory:" ? await acquirePgliteLock(target.dir) : () => {};
  const pglite = target.dir === ":memory:" ? new PGlite() : new PGlite(target.dir);
  await pglite.waitReady;
  const db = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    db,
    close: async () => {
      await db.$disconnect();
      await pglite.close();
      release();
    },
  };
}

export async function createDb(url: string = resolveDatabaseUrl()): Promise<PrismaClient> {
  return (await openDb(url)).db;
}

export function getDb(): Promise<PrismaClient> {
  globalForDb.blastDb ??= createDb();
  return globalForDb.blastDb;
}
