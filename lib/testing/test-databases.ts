import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { createTestDb } from "@/lib/testing/pglite-db";

/**
 * The databases integration tests run against: PGlite always, PostgreSQL too when TEST_DATABASE_URL is
 * set (CI starts one). Each `create()` is a fresh, fully migrated database with the production SQL.
 * Use with `describe.each(testDatabases())`.
 */
export type TestDatabase = { name: string; create(): Promise<{ db: PrismaClient; close(): Promise<void> }> };

// From the project root (tests, the bench and the stack all run there; tsx and vitest disagree on __dirname).
const MIGRATIONS = path.resolve("prisma/migrations");

/** Every migration's SQL, in order (what `prisma migrate deploy` applies). */
export function migrationSql(): string[] {
  return readdirSync(MIGRATIONS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((dir) => readFileSync(path.join(MIGRATIONS, dir, "migration.sql"), "utf8"));
}

/** A fresh PostgreSQL database with every migration applied, beside the one adminUrl names. */
export async function createMigratedPostgresDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const { Client } = await import("pg");
  const name = `blast_t_${randomBytes(6).toString("hex")}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const setup = new Client({ connectionString: url.toString() });
  await setup.connect();
  for (const sql of migrationSql()) await setup.query(sql);
  await setup.end();
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

async function createPostgresDb(adminUrl: string) {
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const database = await createMigratedPostgresDatabase(adminUrl);
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
  return {
    db,
    close: async () => {
      await db.$disconnect();
      await database.drop();
    },
  };
}

export function testDatabases(): TestDatabase[] {
  const list: TestDatabase[] = [{ name: "pglite", create: async () => createTestDb() }];
  const url = process.env.TEST_DATABASE_URL;
  if (url) list.push({ name: "postgresql", create: () => createPostgresDb(url) });
  return list;
}
