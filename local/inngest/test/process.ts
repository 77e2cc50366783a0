import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { until } from "./helpers.js";

const MAIN = path.resolve(import.meta.dirname, "../src/main.ts");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface ChildExecutor {
  url: string;
  proc: ChildProcess;
  output: () => string;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/** Runs `src/main.ts` as its own process (node --import tsx), so a test can SIGKILL it. */
export async function spawnExecutor(env: Record<string, string>): Promise<ChildExecutor> {
  const proc = spawn(process.execPath, ["--import", "tsx", MAIN], {
    cwd: path.resolve(import.meta.dirname, "../../.."),
    env: { ...process.env, INNGEST_LOG: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  proc.stdout!.on("data", (d) => (out += d));
  proc.stderr!.on("data", (d) => (out += d));
  const url = `http://127.0.0.1:${env.INNGEST_PORT}`;
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  await until(
    async () => {
      if (proc.exitCode !== null) throw new Error(`executor exited: ${out}`);
      return fetch(`${url}/health`)
        .then((r) => r.ok)
        .catch(() => false);
    },
    { timeout: 20_000, what: "executor to listen" },
  );
  return {
    url,
    proc,
    output: () => out,
    kill9: async () => {
      proc.kill("SIGKILL");
      await exited;
    },
    stop: async () => {
      if (proc.exitCode === null) proc.kill("SIGTERM");
      await exited;
    },
  };
}
