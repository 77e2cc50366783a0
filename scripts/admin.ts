/**
 * `npm run admin -- <command>`: Blast's operator commands (create an agency with its first owner, list
 * agencies, grant or deduct credit, suspend or reactivate). It opens the database as the app does
 * (lib/db.ts: DATABASE_URL, else PGlite in DATA_DIR). PGlite admits one process: while the app runs on
 * it the command fails after a short wait with the lock's message instead of hanging.
 *
 * Exit codes: 0 done, 1 refused or failed (one line on stderr), 2 mistyped command (with the usage).
 */
import os from "node:os";
import { z } from "zod";
import { openDb, type OpenDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { COMMANDS, type Context } from "./admin/commands";
import { parseCommandArgs } from "./admin/parse-command-args";
import { UsageError } from "./admin/usage-error";

const HELP = [
  "Usage: npm run admin -- <command> [options]",
  "",
  "Commands:",
  ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(15)}${c.summary}`),
  "",
  "An agency is named by its id or its name. `npm run admin -- <command> --help` for a command's options.",
  "Environment: DATABASE_URL (PostgreSQL) or DATA_DIR (PGlite, default .data); APP_URL for links;",
  "BLAST_OPERATOR names you in the agency's activity history (default: your system user name);",
  "BLAST_DEBUG=1 adds the stack trace of an unexpected error.",
].join("\n");

function operatorName(): string {
  try {
    return process.env.BLAST_OPERATOR || os.userInfo().username || "operator";
  } catch {
    return "operator";
  }
}

function appUrl(): string {
  const env = z
    .object({ APP_URL: z.url("APP_URL is not a valid URL").optional(), PORT: z.coerce.number().int().positive().default(3000) })
    .parse({
      APP_URL: process.env.APP_URL || undefined,
      PORT: process.env.PORT || undefined,
    });
  return (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");
}

/** One line for the operator: what went wrong and, when it helps, what to do. */
function describe(error: unknown): string {
  if (error instanceof AppError) return error.message;
  if (error instanceof z.ZodError) return error.issues[0]?.message ?? "invalid configuration";
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2021") {
    return "The database has no Blast tables yet: apply the migrations first (npx prisma migrate deploy, or npm start once)";
  }
  const first =
    String((error as Error)?.message ?? error)
      .split("\n")
      .find((l) => l.trim()) ?? "unknown error";
  return first.trim();
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name) {
    process.stderr.write(`${HELP}\n`);
    return 2;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`unknown command "${name}"`);
  const args = parseCommandArgs(name, rest, command.options);
  if (args.values.help) {
    process.stdout.write(`Usage: npm run admin -- ${command.usage}\n`);
    return 0;
  }
  let opened: Promise<OpenDb> | undefined;
  const ctx: Context = {
    operator: operatorName(),
    appUrl,
    out: (text) => process.stdout.write(`${text}\n`),
    async db() {
      // Fail fast, not after the app's 30 s: an operator at a terminal wants to know the app holds the database.
      process.env.BLAST_PGLITE_LOCK_TIMEOUT_MS ||= "3000";
      opened ??= openDb();
      return (await opened).db;
    },
  };
  try {
    await command.run(ctx, args);
    return 0;
  } finally {
    // Closed, not just disconnected: PGlite left open can keep the process from ever exiting.
    await opened?.then(
      (o) => o.close(),
      () => {},
    );
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    const help = error.command ? `npm run admin -- ${error.command} --help` : "npm run admin -- --help";
    process.stderr.write(`admin: ${error.message} (see ${help})\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`admin: ${describe(error)}\n`);
    if (process.env.BLAST_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? error}\n`);
    process.exitCode = 1;
  }
}
