import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inngestTarget, mailTarget, mayReadDetails, overall, probeDatabase, probeHttp } from "@/lib/health/check-services";

describe("health probes", () => {
  let server: http.Server;
  let url = "";
  beforeAll(async () => {
    server = http.createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("calls a service that answers HTTP up, and a closed port down", async () => {
    expect((await probeHttp(url)).status).toBe("up");
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const closedPort = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const down = await probeHttp(`http://127.0.0.1:${closedPort}`);
    expect(down).toMatchObject({ status: "down", detail: "ECONNREFUSED" });
    expect(overall({ status: "up", target: "a" }, [down])).toBe("degraded");
    expect(overall({ status: "up", target: "a" }, [{ status: "unchecked", target: "b" }])).toBe("up");
    expect(overall(down, [{ status: "up", target: "b" }])).toBe("down");
  });

  it("probes the configured engine and provider, never the hosted ones", () => {
    expect(inngestTarget({ INNGEST_BASE_URL: "http://x:8288" })).toBe("http://x:8288");
    expect(inngestTarget({ INNGEST_DEV: "1" })).toBe("http://localhost:8288");
    expect(inngestTarget({})).toBeNull();
    expect(mailTarget({ RESEND_API_KEY: "re_x" })).toBeNull();
    expect(mailTarget({ RESEND_BASE_URL: "http://sink" })).toBe("http://sink");
  });

  it("shows details only to a caller with the configured health token", () => {
    expect(mayReadDetails(null, "tok-123")).toBe(false);
    expect(mayReadDetails("Bearer tok-123", undefined)).toBe(false);
    expect(mayReadDetails("Bearer tok-12", "tok-123")).toBe(false);
    expect(mayReadDetails("Bearer tok-123", "tok-123")).toBe(true);
  });

  it("calls a database down when its query fails or hangs past the timeout, so /api/health answers 503 at once", async () => {
    expect((await probeDatabase(async () => 1, "postgresql")).status).toBe("up");
    expect((await probeDatabase(() => Promise.reject(new Error("connect ECONNREFUSED")), "postgresql")).status).toBe("down");
    const hanging = await probeDatabase(() => new Promise(() => {}), "postgresql", 50);
    expect(hanging).toMatchObject({ status: "down", detail: "no answer within 50 ms" });
  });
});
