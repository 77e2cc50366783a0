import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "@/lib/generated/prisma/client";

export type TestDb = { db: PrismaClient; pglite: PGlite; close(): Promise<void> };

const MIGRATIONS = path.resolve(__dirname, "../../prisma/migrations");

/**
 * A fresh in-memory PostgreSQL (PGlite) with every migration of prisma/migrations applied in order — the
 * same SQL production runs — and a Prisma client on it. One per test file; cheap enough (~1 s).
 */
export async function createTestDb(): Promise<TestDb> {
  const pglite = new PGlite();
  await pglite.waitReady;
  const dirs = readdirSync(MIGRATIONS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  for (const dir of dirs) await pglite.exec(readFileSync(path.join(MIGRATIONS, dir, "migration.sql"), "utf8"));
  const db = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    db,
    pglite,
    close: async () => {
      await db.$disconnect();
      await pglite.close();
    },
  };
}

/** Empties every table (between tests sharing one database). */
export async function truncateAll(pglite: PGlite): Promise<void> {
  const { rows } = await pglite.query<{ tablename: string }>(
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'",
  );
  if (rows.length) await pglite.exec(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(", ")} CASCADE`);
}

/** The smallest agency + customer the mail tests need. */
export async function seedAccountAndCustomer(db: PrismaClient, email = "maria@example.com") {
  const account = await db.account.create({
    data: { name: "Harbor Mutual", senderName: "Dana", senderEmail: "dana@harbor.test", postalAddress: "1 Main St" },
  });
  const customer = await db.customer.create({
    data: { accountId: account.id, firstName: "Maria", email, emailNormalized: email.trim().toLowerCase() },
  });
  return { account, customer };
}
