import http from "node:http";
import https from "node:https";

// node:http with keep-alive rather than fetch: per call, undici's fetch (web streams, abort
// signals) cost more CPU than everything else the executor does for a step.
const agents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 512 }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 512 }),
};

export interface HttpAnswer {
  status: number;
  headers: { get(name: string): string | null };
  text: string;
}

export class TimeoutError extends Error {
  override name = "TimeoutError";
}

function once(
  url: URL,
  method: string,
  body: string | undefined,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<HttpAnswer & { reused?: boolean }> {
  return new Promise((resolve, reject) => {
    const mod = url.protocol === "https:" ? https : http;
    const req = mod.request(
      url,
      {
        method,
        agent: agents[url.protocol as "http:" | "https:"],
        headers: body === undefined ? headers : { ...headers, "content-length": String(Buffer.byteLength(body)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const h = res.headers;
          resolve({
            status: res.statusCode ?? 0,
            headers: {
              get: (n) => {
                const v = h[n.toLowerCase()];
                return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
              },
            },
            text: Buffer.concat(chunks).toString("utf8"),
          });
        });
        res.on("error", reject);
      },
    );
    // No bytes for `timeoutMs` (the SDK answers only when done) = no answer.
    req.setTimeout(timeoutMs, () => req.destroy(new TimeoutError(`no answer within ${timeoutMs} ms`)));
    req.on("error", (err) => reject(Object.assign(err, { reused: req.reusedSocket })));
    req.end(body);
  });
}

/** One request; a keep-alive socket the app closed meanwhile is retried once on a fresh one. */
export async function request(
  url: URL,
  method: string,
  body: string | undefined,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<HttpAnswer> {
  try {
    return await once(url, method, body, headers, timeoutMs);
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { reused?: boolean };
    if (e.reused && (e.code === "ECONNRESET" || e.code === "EPIPE")) return once(url, method, body, headers, timeoutMs);
    throw err;
  }
}

export function closeAgents(): void {
  agents["http:"].destroy();
  agents["https:"].destroy();
}
