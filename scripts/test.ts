/**
 * `npm test`: type-check, lint, format, unit, integration (PGlite; PostgreSQL too when TEST_DATABASE_URL is set)
 * and end-to-end in a real browser. Stops at the first failing stage and ends with one line of totals.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const OUT = path.resolve("test-results");
fs.mkdirSync(OUT, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };

function stage(name: string, command: string, args: string[], env: Record<string, string | undefined> = {}): boolean {
  console.log(`\n━━ ${name} ━━`);
  const started = Date.now();
  const res = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  console.log(`━━ ${name}: ${res.status === 0 ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return res.status === 0;
}

function countVitest(file: string): void {
  if (!fs.existsSync(file)) return;
  const r = JSON.parse(fs.readFileSync(file, "utf8"));
  totals.passed += r.numPassedTests ?? 0;
  totals.failed += r.numFailedTests ?? 0;
  totals.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}

function countPlaywright(file: string): void {
  if (!fs.existsSync(file)) return;
  const s = JSON.parse(fs.readFileSync(file, "utf8")).stats ?? {};
  totals.passed += (s.expected ?? 0) + (s.flaky ?? 0);
  totals.failed += s.unexpected ?? 0;
  totals.skipped += s.skipped ?? 0;
}

function finish(ok: boolean): never {
  console.log(`\n${ok ? "all stages passed" : "a stage failed"}`);
  console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exit(ok && totals.failed === 0 ? 0 : 1);
}

const vitest = (project: string, file: string) => [
  "vitest",
  "run",
  "--project",
  project,
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${file}`,
];

if (!stage("type-check", "npx", ["tsc", "--noEmit"])) finish(false);
if (!stage("lint", "npx", ["eslint", "."])) finish(false);
if (!stage("format (prettier --check; `npm run format` fixes)", "npx", ["prettier", "--check", "."])) finish(false);

const unitFile = path.join(OUT, "unit.json");
const unitOk = stage("unit", "npx", vitest("unit", unitFile));
countVitest(unitFile);
if (!unitOk) finish(false);

const intFile = path.join(OUT, "integration.json");
const intOk = stage(
  `integration (${process.env.TEST_DATABASE_URL ? "PGlite and PostgreSQL" : "PGlite; set TEST_DATABASE_URL for PostgreSQL"})`,
  "npx",
  vitest("integration", intFile),
);
countVitest(intFile);
if (!intOk) finish(false);

const e2eFile = path.join(OUT, "e2e.json");
const e2eOk = stage("e2e", "npx", ["playwright", "test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eFile });
countPlaywright(e2eFile);
finish(e2eOk);
