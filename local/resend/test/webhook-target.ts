import { type ChildProcess, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import net, { type AddressInfo } from "node:net";
import path from "node:path";

export type TargetRequest = {
  svixId: string;
  timestamp: string;
  signatureOk: boolean;
  type: string;
  emailId: string;
  /** Local receive time, epoch ms. */
  at: number;
  answered: number;
};

/**
 * A webhook receiver the test controls: it answers `answer` (500 until the test flips it) to every
 * request and records each one, so a test waits for a known point ("every event was tried twice")
 * instead of sleeping.
 */
export async function startWebhookTarget(secret: string, answer = 500) {
  const requests: TargetRequest[] = [];
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const h = req.headers as Record<string, string>;
      const expected = "v1," + createHmac("sha256", key).update(`${h["svix-id"]}.${h["svix-timestamp"]}.${body}`).digest("base64");
      const json = JSON.parse(body) as { type: string; data: { email_id: string } };
      const status = answer;
      requests.push({
        svixId: h["svix-id"],
        timestamp: h["svix-timestamp"],
        signatureOk: h["svix-signature"] === expected,
        type: json.type,
        emailId: json.data.email_id,
        at: Date.now(),
        answered: status,
      });
      res.writeHead(status, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/resend`;
  return {
    url,
    requests,
    answer: (status: number) => void (answer = status),
    accepted: () => requests.filter((r) => r.answered >= 200 && r.answered < 300),
    /** Requests for one event of one email. */
    of: (emailId: string, type: string) => requests.filter((r) => r.emailId === emailId && r.type === type),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export async function until(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** `src/main.ts` as its own process (node --import tsx), so a test can SIGKILL it. */
export async function spawnSink(env: Record<string, string>) {
  const proc: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.resolve(import.meta.dirname, "../src/main.ts")], {
    cwd: path.resolve(import.meta.dirname, "../../.."),
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  proc.stdout!.on("data", (d) => (out += d));
  proc.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<void>((r) => proc.once("exit", () => r()));
  const url = `http://127.0.0.1:${env.RESEND_SINK_PORT}`;
  await until(
    async () => {
      if (proc.exitCode !== null) throw new Error(`sink exited: ${out}`);
      return fetch(`${url}/_sink/health`).then(
        (r) => r.ok,
        () => false,
      );
    },
    "the sink to listen",
    30_000,
  );
  return {
    url,
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
