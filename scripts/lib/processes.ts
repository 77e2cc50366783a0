import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { groupPids } from "./process-memory";

/**
 * Child processes started in their own process group, so stopping one stops everything it started
 * (`next start` leaves `next-server` behind otherwise). Output is prefixed with the service's name.
 */
export type Service = { name: string; child: ChildProcess; exited: Promise<number | null> };

const COLORS = ["\x1b[36m", "\x1b[35m", "\x1b[33m", "\x1b[32m", "\x1b[34m"];
let colorIndex = 0;

export function startService(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string | undefined>,
  quiet = false,
  /** Run as another user (PostgreSQL refuses to run as root). */
  user?: { uid: number; gid: number },
): Service {
  const child = spawn(command, args, { env: env as NodeJS.ProcessEnv, detached: true, stdio: ["ignore", "pipe", "pipe"], ...user });
  const color = process.stdout.isTTY ? COLORS[colorIndex++ % COLORS.length] : "";
  const reset = color ? "\x1b[0m" : "";
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => `${color}[${name}]${reset} ${line}\n`)
      .join("");
  if (!quiet) {
    child.stdout?.on("data", (chunk: Buffer) => process.stdout.write(prefix(chunk)));
    child.stderr?.on("data", (chunk: Buffer) => process.stderr.write(prefix(chunk)));
  } else {
    // Quiet: expected noise (the SDK logs every retried step) stays out of test output.
    child.stdout?.resume();
    child.stderr?.resume();
  }
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { name, child, exited };
}

/**
 * Lowers a service's priority to `nice` (0–19) against every other process of the machine — the app's
 * above all. A process's own nice value is not enough for a service started here: each has a session of
 * its own (`detached`), and where the kernel groups the processes of a session for scheduling (Linux
 * autogroup, on by default on desktops and on this kind of machine) nice only weighs within the group,
 * while every busy group gets an equal share: measured, one nice-0 process beside four nice-19 ones in
 * sessions of their own got 0.36 of a core, like each of them. The autogroup's nice value
 * (/proc/PID/autogroup, writable by the owner for a lower priority) weighs the whole group; the
 * process's own nice covers kernels without autogroup. Both best effort: elsewhere nothing changes.
 */
export function lowerPriority(service: Service, nice: number): void {
  const pid = service.child.pid;
  if (!pid || nice <= 0 || process.platform === "win32") return;
  try {
    os.setPriority(pid, Math.min(19, nice));
  } catch {
    /* not permitted: normal priority */
  }
  try {
    fs.writeFileSync(`/proc/${pid}/autogroup`, String(Math.min(19, nice)));
  } catch {
    /* no autogroup (not Linux, or disabled): the nice values above are what the kernel weighs */
  }
}

/** Runs a command to completion (inheriting output); rejects on a non-zero exit. */
export function run(command: string, args: string[], env: Record<string, string | undefined>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: env as NodeJS.ProcessEnv, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`))));
  });
}

/** `stopSignal`: SIGTERM for Node services; PostgreSQL takes SIGINT (fast shutdown: SIGTERM waits for every client). */
export async function stopService(service: Service, graceMs = 5_000, stopSignal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  const pid = service.child.pid;
  if (!pid || service.child.exitCode !== null) return;
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      /* already gone */
    }
  };
  signal(stopSignal);
  const timer = setTimeout(() => signal("SIGKILL"), graceMs);
  await service.exited;
  // The leader (npx) may end at once while what it started is still stopping — `npm start` stopping its
  // own services, say: the group gets the rest of the grace before anything left is killed.
  const deadline = Date.now() + graceMs;
  while (fs.existsSync("/proc") && groupPids(pid).length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  clearTimeout(timer);
  signal("SIGKILL"); // anything the leader left behind in its group
}

export async function waitForHttp(url: string, timeoutMs: number, isAlive: () => boolean = () => true): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`stopped before ${url} answered`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.body?.cancel();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`${url} did not answer within ${Math.round(timeoutMs / 1000)} s`);
}
