import path from "node:path";
import { describe, expect, it } from "vitest";
import { dataDir, parseDatabaseUrl, pgliteDir, pgliteUrl, resolveDatabaseUrl } from "../../../lib/db-url";
import { pgConfig } from "../src/adapters.mjs";
import { parseDatasourceUrl, postgresDatabaseName, withDatabase } from "../src/url.mjs";

describe("lib/db-url", () => {
  it("defaults to PGlite under DATA_DIR (or .data)", () => {
    expect(dataDir({})).toBe(path.resolve(".data"));
    expect(pgliteDir({ DATA_DIR: "/srv/blast" })).toBe("/srv/blast/pglite");
    const url = resolveDatabaseUrl({ DATA_DIR: "/srv/blast" });
    expect(url).toBe("postgresql://pglite/blast?dir=%2Fsrv%2Fblast%2Fpglite");
    expect(parseDatabaseUrl(url)).toEqual({ kind: "pglite", dir: "/srv/blast/pglite" });
  });

  it("DATABASE_URL selects PostgreSQL", () => {
    const env = { DATABASE_URL: "postgresql://u:p@db.example:5432/blast?schema=app", DATA_DIR: "/ignored" };
    expect(resolveDatabaseUrl(env)).toBe(env.DATABASE_URL);
    expect(parseDatabaseUrl(env.DATABASE_URL)).toEqual({ kind: "postgres", url: env.DATABASE_URL });
    expect(parseDatabaseUrl("postgres://localhost/x").kind).toBe("postgres");
  });

  it("round-trips directories with spaces and odd characters", () => {
    const dir = "/tmp/my data/ü & co?/pglite";
    expect(parseDatabaseUrl(pgliteUrl(dir))).toEqual({ kind: "pglite", dir });
  });

  it("a pglite URL without dir is an in-memory database", () => {
    expect(parseDatabaseUrl("postgresql://pglite/blast")).toEqual({ kind: "pglite", dir: ":memory:" });
  });

  it("rejects other schemes and garbage", () => {
    expect(() => parseDatabaseUrl("mysql://localhost/blast")).toThrow(/postgresql:\/\//);
    expect(() => parseDatabaseUrl("mysql://pglite/blast?dir=/x")).toThrow(/postgresql:\/\//);
    expect(() => parseDatabaseUrl("not a url")).toThrow(/valid URL/);
  });
});

describe("the engine reads URLs the same way (src/url.mjs)", () => {
  const urls = [
    pgliteUrl("/srv/blast/pglite"),
    pgliteUrl("/tmp/my data/ü & co?/pglite"),
    "postgresql://pglite/blast",
    "postgresql://u:p@db.example:5432/blast?schema=app",
    "postgres://localhost/x",
  ];
  for (const url of urls) {
    it(url, () => {
      const lib = parseDatabaseUrl(url);
      const engine = parseDatasourceUrl(url);
      if (lib.kind === "pglite") expect(engine).toEqual({ kind: "pglite", dir: lib.dir === ":memory:" ? null : lib.dir });
      else expect(engine).toEqual(lib);
    });
  }
  it("rejects non-postgres URLs", () => {
    expect(() => parseDatasourceUrl("mysql://localhost/x")).toThrow(/postgresql:\/\//);
  });
});

describe("PostgreSQL URL helpers", () => {
  it("database names and swapping the database", () => {
    expect(postgresDatabaseName("postgresql://u@h:5432/blast?sslmode=disable")).toBe("blast");
    expect(postgresDatabaseName("postgresql://alice@h")).toBe("alice");
    expect(withDatabase("postgresql://u:p@h:5432/blast?sslmode=disable", "shadow_1")).toBe(
      "postgresql://u:p@h:5432/shadow_1?sslmode=disable",
    );
  });

  it("Prisma-only parameters are removed and ?schema= becomes the search_path", () => {
    const { config, schema } = pgConfig("postgresql://u:p@h:5432/blast?schema=app&connection_limit=5&sslmode=disable");
    expect(schema).toBe("app");
    expect(config.connectionString).toBe("postgresql://u:p@h:5432/blast?sslmode=disable");
    expect(config.options).toBe('-c search_path="app"');
    expect(pgConfig("postgresql://h/blast").config.options).toBeUndefined();
  });
});
