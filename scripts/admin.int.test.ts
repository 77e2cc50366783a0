import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "@/lib/db";
import { pgliteUrl } from "@/lib/db-url";
import { hashSetPasswordToken } from "@/lib/auth/set-password-token";
import { createMigratedPostgresDatabase, migrationSql } from "@/lib/testing/test-databases";

// `npm run admin` as an operator runs it: a child process on a database of its own, checked by its exit
// code, stdout and stderr — and, at the end, by what it left in the database.

const ROOT = path.resolve(__dirname, "..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
type Run = { code: number | null; stdout: string; stderr: string };

function admin(env: Record<string, string>, ...args: string[]): Promise<Run> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|DATA_DIR|APP_URL|PORT|BLAST_)/.test(k)));
  const childEnv: Record<string, string | undefined> = { ...base, APP_URL: "http://blast.test:4000/", BLAST_OPERATOR: "ops-test", ...env };
  const child = spawn(TSX, ["scripts/admin.ts", ...args], { cwd: ROOT, env: childEnv as NodeJS.ProcessEnv });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const killer = setTimeout(() => child.kill("SIGKILL"), 90_000); // a hang fails the test instead of stalling it
  return new Promise((resolve) => child.on("close", (code) => (clearTimeout(killer), resolve({ code, stdout, stderr }))));
}

/** A failure: the given exit code and exactly one line on stderr, no stack trace. */
function expectFailure(run: Run, code: number, line: string | RegExp) {
  expect(run.code, run.stderr).toBe(code);
  expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  if (typeof line === "string") expect(run.stderr).toBe(`${line}\n`);
  else expect(run.stderr).toMatch(line);
}

async function migratedDataDir(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "blast-admin-"));
  const pglite = new PGlite(path.join(dir, "pglite"));
  for (const sql of migrationSql()) await pglite.exec(sql);
  await pglite.close();
  return dir;
}

type Target = { name: string; open(): Promise<{ env: Record<string, string>; url: string; drop(): Promise<void> }> };

const targets: Target[] = [
  {
    name: "pglite",
    async open() {
      const dir = await migratedDataDir();
      return {
        env: { DATA_DIR: dir },
        url: pgliteUrl(path.join(dir, "pglite")),
        drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
];
if (process.env.TEST_DATABASE_URL) {
  const adminUrl = process.env.TEST_DATABASE_URL;
  targets.push({
    name: "postgresql",
    async open() {
      const database = await createMigratedPostgresDatabase(adminUrl);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "blast-admin-"));
      return {
        env: { DATABASE_URL: database.url, DATA_DIR: dir },
        url: database.url,
        drop: async () => (fs.rmSync(dir, { recursive: true, force: true }), database.drop()),
      };
    },
  });
}

describe.each(targets)("npm run admin on $name", (target) => {
  let env: Record<string, string>;
  let url: string;
  let drop: () => Promise<void>;
  let accountId = "";
  let token = "";
  beforeAll(async () => ({ env, url, drop } = await target.open()));
  afterAll(() => drop());

  it("create-agency creates the agency and prints the owner's one-time link; a used owner address fails", async () => {
    const run = await admin(
      env,
      "create-agency",
      "--name",
      "Harbor Insurance",
      "--owner-email",
      "Dana@Harbor.test",
      "--owner-name",
      "Dana Reyes",
      "--credit",
      "500",
      "--time-zone",
      "America/Chicago",
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Created agency Harbor Insurance \(c\w+\) with 500 credits\.\nOwner: Dana Reyes <dana@harbor\.test>\n/);
    accountId = /\((c\w+)\)/.exec(run.stdout)![1];
    token = /^ {2}http:\/\/blast\.test:4000\/set-password\/([A-Za-z0-9_-]{43})$/m.exec(run.stdout)![1];

    expectFailure(
      await admin(env, "create-agency", "--name", "Pine", "--owner-email", "dana@harbor.test", "--owner-name", "D"),
      1,
      "admin: The owner email dana@harbor.test is already in use by a Blast login",
    );
    expectFailure(
      await admin(
        env,
        "create-agency",
        "--name",
        "Pine",
        "--owner-email",
        "pine@pine.test",
        "--owner-name",
        "P",
        "--time-zone",
        "Mars/Olympus",
      ),
      1,
      /^admin: "Mars\/Olympus" is not a time zone/,
    );
  }, 300_000);

  it("list-agencies prints a table, or JSON with --json", async () => {
    const table = await admin(env, "list-agencies");
    expect(table.code, table.stderr).toBe(0);
    const [header, row, ...rest] = table.stdout.trimEnd().split("\n");
    expect(header.split(/\s{2,}/)).toEqual(["ID", "NAME", "STATUS", "BALANCE", "CUSTOMERS", "BLASTS 30D", "SENT 30D", "OWNER"]);
    expect(row.split(/\s{2,}/)).toEqual([accountId, "Harbor Insurance", "active", "500", "0", "0", "0", "dana@harbor.test"]);
    expect(rest).toEqual([]);
    const json = await admin(env, "list-agencies", "--json");
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({ id: accountId, name: "Harbor Insurance", status: "ACTIVE", balance: 500, owners: ["dana@harbor.test"] }),
    ]);
  }, 300_000);

  it("credit grants and deducts with a reason, by name or id; never below zero; unknown agency and bad amount fail", async () => {
    const grant = await admin(env, "credit", "harbor insurance", "+250", "--reason", "Invoice 1042 paid");
    expect([grant.code, grant.stdout]).toEqual([0, `Granted 250 credits to Harbor Insurance (${accountId}). Balance: 750.\n`]);
    const deduct = await admin(env, "credit", accountId, "-50", "--reason", "Correction");
    expect([deduct.code, deduct.stdout]).toEqual([0, `Deducted 50 credits from Harbor Insurance (${accountId}). Balance: 700.\n`]);
    expectFailure(
      await admin(env, "credit", accountId, "-701", "--reason", "Too much"),
      1,
      "admin: Cannot deduct 701 credits from Harbor Insurance: its balance is 700",
    );
    expectFailure(
      await admin(env, "credit", "Nowhere Mutual", "+5", "--reason", "x"),
      1,
      'admin: Agency not found: "Nowhere Mutual" (give an id or a name from list-agencies)',
    );
    expectFailure(
      await admin(env, "credit", accountId, "+1.5", "--reason", "x"),
      1,
      "admin: The amount must be a whole number of credits, like +500 or -20",
    );
  }, 300_000);

  it("suspend and reactivate change the status once each", async () => {
    const suspend = await admin(env, "suspend", "Harbor Insurance", "--reason", "Unpaid invoice");
    expect(suspend.code, suspend.stderr).toBe(0);
    expect(suspend.stdout).toContain(
      `Suspended Harbor Insurance (${accountId}). Its agents can sign in and read; new and scheduled blasts fail with "agency suspended" and nothing is charged.`,
    );
    expectFailure(await admin(env, "suspend", accountId), 1, "admin: Harbor Insurance is already suspended");
    expect(JSON.parse((await admin(env, "list-agencies", "--json")).stdout)[0]).toMatchObject({ status: "SUSPENDED", balance: 700 });
    const reactivate = await admin(env, "reactivate", accountId);
    expect([reactivate.code, reactivate.stdout]).toEqual([0, `Reactivated Harbor Insurance (${accountId}). It can send again.\n`]);
  }, 300_000);

  it("left the owner's link (as a hash), the ledger and the agency's history, naming the operator", async () => {
    const { db, close } = await openDb(url);
    try {
      const owner = await db.user.findUniqueOrThrow({ where: { email: "dana@harbor.test" } });
      expect(owner).toMatchObject({ accountId, role: "OWNER", passwordHash: null, passwordSetToken: hashSetPasswordToken(token) });
      const ledger = await db.creditEntry.findMany({ where: { accountId }, orderBy: { createdAt: "asc" } });
      expect(ledger.map((e) => [e.delta, e.reason])).toEqual([
        [500, "Opening credit"],
        [250, "Invoice 1042 paid"],
        [-50, "Correction"],
      ]);
      const history = await db.activity.findMany({ where: { accountId }, orderBy: { at: "asc" } });
      expect(history.map((a) => [a.type, (a.detail as { operator?: string }).operator])).toEqual([
        ["agency.created", "ops-test"],
        ["credit.granted", "ops-test"],
        ["credit.deducted", "ops-test"],
        ["agency.suspended", "ops-test"],
        ["agency.reactivated", "ops-test"],
      ]);
      expect(await db.account.findUniqueOrThrow({ where: { id: accountId } })).toMatchObject({
        status: "ACTIVE",
        creditBalance: 700,
        timeZone: "America/Chicago",
      });
    } finally {
      await close();
    }
  }, 120_000);
});

describe("npm run admin: help, mistyped commands and an embedded database it cannot use", () => {
  let dir: string;
  beforeAll(async () => (dir = await migratedDataDir()));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("prints help for all commands and for each; a mistyped command exits 2 naming the help to read", async () => {
    const env = { DATA_DIR: dir };
    const help = await admin(env, "--help");
    expect(help.code).toBe(0);
    for (const command of ["create-agency", "list-agencies", "credit", "suspend", "reactivate"])
      expect(help.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    const commandHelp = await admin(env, "create-agency", "--help");
    expect([commandHelp.code, commandHelp.stdout]).toEqual([
      0,
      expect.stringMatching(/^Usage: npm run admin -- create-agency --name <name> --owner-email <email> --owner-name <name>/),
    ]);

    const bare = await admin(env);
    expect([bare.code, bare.stdout]).toEqual([2, ""]);
    expect(bare.stderr).toMatch(/^Usage: npm run admin -- <command>/);
    expectFailure(await admin(env, "frobnicate"), 2, 'admin: unknown command "frobnicate" (see npm run admin -- --help)');
    expectFailure(
      await admin(env, "credit", "Harbor", "+5"),
      2,
      `admin: credit needs --reason "…": it is shown in the agency's credit ledger (see npm run admin -- credit --help)`,
    );
    expectFailure(
      await admin(env, "credit", "Harbor", "Insurance", "+5", "--reason", "x"),
      2,
      /^admin: credit takes <agency> <\+N\|-N> \(got 3 arguments; quote a name with spaces\)/,
    );
    expectFailure(
      await admin(env, "create-agency", "--name", "X"),
      2,
      "admin: create-agency needs --owner-email (see npm run admin -- create-agency --help)",
    );
    expectFailure(await admin(env, "suspend", "X", "--bogus"), 2, "admin: Unknown option '--bogus' (see npm run admin -- suspend --help)");
  }, 300_000);

  it("fails at once with the lock's message while another process holds the PGlite database, and names missing migrations", async () => {
    const lock = path.join(dir, ".pglite.lock");
    fs.writeFileSync(lock, `${process.pid}\n`); // this test process stands in for a running app
    try {
      const started = Date.now();
      const run = await admin({ DATA_DIR: dir, BLAST_PGLITE_LOCK_TIMEOUT_MS: "500" }, "list-agencies");
      expectFailure(
        run,
        1,
        new RegExp(
          `^admin: The database in .*pglite is in use by process ${process.pid}\\. Only one Blast process may open an embedded \\(PGlite\\) database`,
        ),
      );
      expect(Date.now() - started).toBeLessThan(60_000);
    } finally {
      fs.rmSync(lock, { force: true });
    }
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "blast-admin-empty-"));
    try {
      expectFailure(
        await admin({ DATA_DIR: empty }, "list-agencies"),
        1,
        "admin: The database has no Blast tables yet: apply the migrations first (npx prisma migrate deploy, or npm start once)",
      );
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  }, 300_000);
});
