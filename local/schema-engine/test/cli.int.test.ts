/**
 * Drives the real Prisma CLI (node_modules/prisma) through the drop-in schema engine against a temp PGlite
 * directory, and against PostgreSQL when TEST_DATABASE_URL is set (a server where that user may create
 * databases; each test gets its own throwaway database).
 *
 * Each test builds a small temp project: prisma.config.ts (calling our schemaEngineEnv()), a copy of
 * prisma/schema.prisma and of prisma/migrations, and a node_modules symlink to this repo's.
 */
import { randomUUID } from "node:crypto";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { DROP_IN_ENGINE } from "../config";
import { lockPathFor } from "../src/lock.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const PRISMA_CLI = path.join(ROOT, "node_modules", "prisma", "build", "index.js");
const CONFIG_TS = path.join(ROOT, "local", "schema-engine", "config.ts");
const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

type Run = { code: number | null; out: string };

function runCli(cwd: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      ...env,
      CHECKPOINT_DISABLE: "1",
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      NO_COLOR: "1",
      CI: "1",
    };
    delete childEnv.PRISMA_SCHEMA_ENGINE_BINARY; // let prisma.config.ts → schemaEngineEnv() choose
    delete childEnv.DATABASE_URL;
    Object.assign(childEnv, env);
    const child = spawn(process.execPath, [PRISMA_CLI, ...args], { cwd, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out }));
  });
}

function makeProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "blast-se-int-"));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  fs.mkdirSync(path.join(dir, "prisma"));
  fs.copyFileSync(path.join(ROOT, "prisma", "schema.prisma"), path.join(dir, "prisma", "schema.prisma"));
  fs.cpSync(path.join(ROOT, "prisma", "migrations"), path.join(dir, "prisma", "migrations"), { recursive: true });
  fs.writeFileSync(
    path.join(dir, "prisma.config.ts"),
    `import { defineConfig } from "prisma/config";
import { schemaEngineEnv } from ${JSON.stringify(CONFIG_TS)};
const choice = schemaEngineEnv();
if (process.env.EXPECT_DROP_IN && choice.kind !== "drop-in") throw new Error("expected the drop-in engine, got " + JSON.stringify(choice));
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL!, ...(process.env.SHADOW_DATABASE_URL ? { shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL } : {}) },
});
`,
  );
  return dir;
}

function migrationNames(project: string): string[] {
  return fs
    .readdirSync(path.join(project, "prisma", "migrations"), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

const EXTRA_MODEL = `
model ScratchNote {
  id   Int    @id @default(autoincrement())
  body String
}
`;

/** A database the tests can run SQL against, whatever the backend. */
type Target = {
  name: string;
  /** A fresh, empty database for one test: its URL, and a SQL runner usable only while the CLI is not running. */
  fresh(opts?: {
    create?: boolean;
  }): Promise<{ url: string; query(sql: string): Promise<Record<string, unknown>[]>; after(): Promise<void> }>;
};

const pgliteTarget: Target = {
  name: "PGlite",
  async fresh() {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), "blast-se-pglite-"));
    cleanups.push(() => fs.rmSync(base, { recursive: true, force: true }));
    const dir = path.join(base, "pglite");
    return {
      url: `postgresql://pglite/blast?dir=${encodeURIComponent(dir)}`,
      async query(sql) {
        // The engine must have closed the directory and released its lock by the time the CLI exits.
        expect(fs.existsSync(lockPathFor(dir))).toBe(false);
        const db = new PGlite(dir);
        try {
          return (await db.query<Record<string, unknown>>(sql)).rows;
        } finally {
          await db.close();
        }
      },
      async after() {},
    };
  },
};

function postgresTarget(serverUrl: string): Target {
  const admin = () => {
    const u = new URL(serverUrl);
    u.pathname = "/postgres";
    return new pg.Client({ connectionString: u.toString() });
  };
  return {
    name: "PostgreSQL",
    async fresh(opts) {
      const name = `blast_se_${randomUUID().replace(/-/g, "").slice(0, 10)}`;
      const u = new URL(serverUrl);
      u.pathname = `/${name}`;
      const url = u.toString();
      const drop = async () => {
        const c = admin();
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => c.query(`DROP DATABASE IF EXISTS "${name}"`));
        await c.end();
      };
      cleanups.push(drop);
      if (opts?.create) {
        const c = admin();
        await c.connect();
        await c.query(`CREATE DATABASE "${name}"`);
        await c.end();
      }
      return {
        url,
        async query(sql) {
          const c = new pg.Client({ connectionString: url });
          await c.connect();
          try {
            return (await c.query(sql)).rows;
          } finally {
            await c.end();
          }
        },
        async after() {
          // No shadow database may be left behind.
          const c = admin();
          await c.connect();
          const { rows } = await c.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`prisma_shadow_${name}%`]);
          await c.end();
          expect(rows).toEqual([]);
        },
      };
    },
  };
}

const targets: Target[] = [pgliteTarget];
if (TEST_DATABASE_URL) targets.push(postgresTarget(TEST_DATABASE_URL));

// Each CLI run boots Node, the wasm engine and PGlite; on a busy machine a test can take minutes.
const SLOW = 300_000;

const TABLES = `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`;

it("prisma generate works offline (never needs an engine)", async () => {
  const project = makeProject();
  fs.writeFileSync(
    path.join(project, "prisma", "schema.prisma"),
    fs
      .readFileSync(path.join(project, "prisma", "schema.prisma"), "utf8")
      .replace('output   = "../lib/generated/prisma"', 'output   = "../generated"'),
  );
  const r = await runCli(project, ["generate"], { DATABASE_URL: "postgresql://pglite/blast", EXPECT_DROP_IN: "1" });
  expect(r.out).toMatch(/Generated Prisma Client/);
  expect(r.code).toBe(0);
  expect(fs.existsSync(path.join(project, "generated"))).toBe(true);
});

it("migrate diff --script prints the SQL (the engine's print request)", async () => {
  const project = makeProject();
  const r = await runCli(project, ["migrate", "diff", "--from-empty", "--to-schema", "prisma/schema.prisma", "--script"], {
    DATABASE_URL: "postgresql://pglite/blast",
  });
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/CREATE TABLE "Account"/);
  const same = await runCli(
    project,
    ["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema.prisma", "--exit-code"],
    {
      DATABASE_URL: "postgresql://pglite/blast",
    },
  );
  expect(same.out).toMatch(/No difference detected/);
  expect(same.code).toBe(0);
});

for (const target of targets) {
  describe(`prisma migrate through the drop-in engine — ${target.name}`, () => {
    it(
      "status on a fresh database, deploy, status again",
      async () => {
        const project = makeProject();
        const db = await target.fresh();
        const env = { DATABASE_URL: db.url, EXPECT_DROP_IN: "1" };

        const before = await runCli(project, ["migrate", "status"], env);
        if (target === pgliteTarget) {
          expect(before.out).toMatch(/have not yet been applied/);
        } else {
          expect(before.out).toMatch(/P1003|does not exist/);
        }
        expect(before.code).toBe(1);

        const deploy = await runCli(project, ["migrate", "deploy"], env);
        expect(deploy.out).toMatch(/All migrations have been successfully applied/);
        expect(deploy.code).toBe(0);

        const status = await runCli(project, ["migrate", "status"], env);
        expect(status.out).toMatch(/Database schema is up to date/);
        expect(status.code).toBe(0);

        const tables = (await db.query(TABLES)).map((r) => r.table_name);
        expect(tables).toEqual(expect.arrayContaining(["Account", "User", "Customer", "Blast", "Delivery", "_prisma_migrations"]));
        const applied = await db.query(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL`);
        expect(applied.map((r) => r.migration_name)).toEqual(migrationNames(project));

        const again = await runCli(project, ["migrate", "deploy"], env);
        expect(again.out).toMatch(/No pending migrations to apply/);
        expect(again.code).toBe(0);
        await db.after();
      },
      SLOW,
    );

    it(
      "migrate dev on a fresh database, then --create-only for a schema change, then dev applies it",
      async () => {
        const project = makeProject();
        const db = await target.fresh();
        const env = { DATABASE_URL: db.url };

        const first = await runCli(project, ["migrate", "dev"], env);
        expect(first.out).toMatch(/in sync with your schema|have been applied/);
        expect(first.code).toBe(0);
        const initial = migrationNames(project);

        const schemaFile = path.join(project, "prisma", "schema.prisma");
        fs.appendFileSync(schemaFile, EXTRA_MODEL);
        const created = await runCli(project, ["migrate", "dev", "--create-only", "--name", "scratch"], env);
        expect(created.out).toMatch(/created the following migration without applying it/);
        expect(created.code).toBe(0);
        const added = migrationNames(project).filter((n) => !initial.includes(n));
        expect(added).toHaveLength(1);
        expect(added[0]).toMatch(/^\d{14}_scratch$/);
        const sql = fs.readFileSync(path.join(project, "prisma", "migrations", added[0], "migration.sql"), "utf8");
        expect(sql).toMatch(/CREATE TABLE "ScratchNote"/);
        expect((await db.query(TABLES)).map((r) => r.table_name)).not.toContain("ScratchNote");

        const pending = await runCli(project, ["migrate", "status"], env);
        expect(pending.out).toMatch(/have not yet been applied/);

        const applied = await runCli(project, ["migrate", "dev"], env);
        expect(applied.out).toMatch(/in sync with your schema|have been applied/);
        expect(applied.code).toBe(0);
        expect((await db.query(TABLES)).map((r) => r.table_name)).toContain("ScratchNote");

        const nothing = await runCli(project, ["migrate", "dev"], env);
        expect(nothing.out).toMatch(/Already in sync/);
        expect(nothing.code).toBe(0);
        expect(migrationNames(project)).toHaveLength(initial.length + 1);
        await db.after();
      },
      SLOW,
    );

    it(
      "migrate reset --force empties the database and re-applies the migrations",
      async () => {
        const project = makeProject();
        const db = await target.fresh();
        const env = { DATABASE_URL: db.url };
        expect((await runCli(project, ["migrate", "deploy"], env)).code).toBe(0);
        await db.query(
          `INSERT INTO "Account" (id, name, "senderName", "senderEmail", "updatedAt") VALUES ('acc1', 'Acme Insurance', 'Acme', 'hello@acme.test', now())`,
        );
        expect(await db.query(`SELECT id FROM "Account"`)).toHaveLength(1);

        const reset = await runCli(project, ["migrate", "reset", "--force"], env);
        expect(reset.out).toMatch(/have been applied|Database reset successful/);
        expect(reset.code).toBe(0);
        expect(await db.query(`SELECT id FROM "Account"`)).toHaveLength(0);
        const status = await runCli(project, ["migrate", "status"], env);
        expect(status.out).toMatch(/Database schema is up to date/);
        await db.after();
      },
      SLOW,
    );

    it(
      "a failing migration reports P3018 with the database error, and status shows it failed",
      async () => {
        const project = makeProject();
        const db = await target.fresh();
        const env = { DATABASE_URL: db.url };
        const broken = path.join(project, "prisma", "migrations", "29990101000000_broken");
        fs.mkdirSync(broken);
        fs.writeFileSync(path.join(broken, "migration.sql"), `SELECT * FROM "no_such_table";\n`);

        const deploy = await runCli(project, ["migrate", "deploy"], env);
        expect(deploy.code).not.toBe(0);
        expect(deploy.out).toMatch(/P3018/);
        expect(deploy.out).toMatch(/Migration name: 29990101000000_broken/);
        expect(deploy.out).toMatch(/42P01/);
        expect(deploy.out).toMatch(/relation "no_such_table" does not exist/);

        const status = await runCli(project, ["migrate", "status"], env);
        expect(status.out).toMatch(/29990101000000_broken/);
        expect(status.out).toMatch(/failed/i);
        expect(status.code).not.toBe(0);
        await db.after();
      },
      SLOW,
    );

    it(
      "migration scripts run as one script: functions with ';' in their bodies and DO blocks work",
      async () => {
        const project = makeProject();
        const db = await target.fresh();
        const env = { DATABASE_URL: db.url };
        const m = path.join(project, "prisma", "migrations", "29990101000000_plpgsql");
        fs.mkdirSync(m);
        fs.writeFileSync(
          path.join(m, "migration.sql"),
          `CREATE FUNCTION blast_answer() RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1; RETURN 42;
END;
$$;
DO $$ BEGIN PERFORM blast_answer(); END $$;
`,
        );
        const deploy = await runCli(project, ["migrate", "deploy"], env);
        expect(deploy.out).toMatch(/All migrations have been successfully applied/);
        expect(deploy.code).toBe(0);
        expect(await db.query(`SELECT blast_answer() AS a`)).toEqual([{ a: 42 }]);
        // The shadow database replays it too (migrate dev diffs the history against the schema).
        const dev = await runCli(project, ["migrate", "dev"], env);
        expect(dev.out).toMatch(/Already in sync/);
        expect(dev.code).toBe(0);
        await db.after();
      },
      SLOW,
    );
  });
}

if (TEST_DATABASE_URL) {
  it(
    "PostgreSQL: a given shadowDatabaseUrl is emptied and reused, never the main database",
    async () => {
      const project = makeProject();
      const target = postgresTarget(TEST_DATABASE_URL);
      const db = await target.fresh();
      const shadow = await target.fresh({ create: true });
      // Something in the shadow database that Migrate must clear before replaying the history.
      await shadow.query(`CREATE TYPE "AccountStatus" AS ENUM ('X')`);
      const env = { DATABASE_URL: db.url, SHADOW_DATABASE_URL: shadow.url };
      const dev = await runCli(project, ["migrate", "dev"], env);
      expect(dev.out).toMatch(/in sync with your schema|have been applied/);
      expect(dev.code).toBe(0);
      const again = await runCli(project, ["migrate", "dev"], env);
      expect(again.out).toMatch(/Already in sync/);
      expect(await shadow.query(`SELECT typname FROM pg_type WHERE typname = 'AccountStatus'`)).toEqual([]);

      const same = await runCli(project, ["migrate", "dev"], { DATABASE_URL: db.url, SHADOW_DATABASE_URL: db.url });
      expect(same.code).not.toBe(0);
      expect(same.out).toMatch(/names the main database/);
      expect((await db.query(TABLES)).map((r) => r.table_name)).toContain("Account");
    },
    SLOW,
  );
}

if (!TEST_DATABASE_URL) {
  it.skip("PostgreSQL: set TEST_DATABASE_URL=postgresql://user@host:port/db (a user that may create databases) to run these", () => {});
}

it("the engine answers --version like the native one", async () => {
  const r = await new Promise<string>((resolve, reject) => {
    const child = spawn(DROP_IN_ENGINE, ["--version"], { cwd: os.tmpdir() });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("close", () => resolve(out));
  });
  expect(r).toMatch(/^schema-engine-cli [0-9a-f]{40}\n$/);
});
