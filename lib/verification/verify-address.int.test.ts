import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, truncateAll, type TestDb } from "@/lib/testing/pglite-db";
import { verifyAddress } from "./verify-address";
import { verifyWithKickbox } from "./verify-with-kickbox";

// A tiny stand-in for Kickbox's GET /v2/verify: the local part of the address picks the answer.
const answers: Record<string, object> = {
  good: { success: true, result: "deliverable", reason: "accepted_email", role: false, disposable: false },
  info: { success: true, result: "deliverable", reason: "accepted_email", role: true },
  gone: { success: true, result: "undeliverable", reason: "rejected_email" },
  catchall: { success: true, result: "risky", reason: "accept_all" },
  temp: { success: true, result: "risky", reason: "low_quality", disposable: true },
  maybe: { success: true, result: "unknown", reason: "no_connect" },
  broke: { success: false, message: "Insufficient balance" },
};
let kickbox: Server;
let kickboxUrl: string;
let calls: URL[] = [];
let t: TestDb;

beforeAll(async () => {
  kickbox = createServer((req, res) => {
    const url = new URL(req.url!, "http://k");
    calls.push(url);
    const local = (url.searchParams.get("email") ?? "").split("@")[0];
    if (url.searchParams.get("apikey") !== "live_test") return void res.writeHead(403).end('{"success":false,"message":"bad key"}');
    if (local === "slow") return void setTimeout(() => res.writeHead(200).end(JSON.stringify(answers.good)), 2000);
    if (local === "error") return void res.writeHead(500).end("oops");
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answers[local] ?? answers.good));
  });
  await new Promise<void>((r) => kickbox.listen(0, "127.0.0.1", r));
  kickboxUrl = `http://127.0.0.1:${(kickbox.address() as AddressInfo).port}`;
  t = await createTestDb();
});
afterAll(async () => {
  await t.close();
  kickbox.closeAllConnections();
  await new Promise((r) => kickbox.close(r));
});
beforeEach(async () => {
  calls = [];
  await truncateAll(t.pglite);
});

const kb = (email: string, extra: object = {}) => verifyWithKickbox({ email, apiKey: "live_test", baseUrl: kickboxUrl, ...extra });

describe("Kickbox client", () => {
  it("maps Kickbox answers to verdicts", async () => {
    expect(await kb("good@x.com")).toEqual({ verdict: "valid", reason: "accepted_email", source: "kickbox" });
    expect(await kb("info@x.com")).toMatchObject({ verdict: "valid", reason: "role_address" });
    expect(await kb("gone@x.com")).toMatchObject({ verdict: "invalid", reason: "rejected_email" });
    expect(await kb("catchall@x.com")).toMatchObject({ verdict: "valid", reason: "risky_accept_all" });
    expect(await kb("temp@x.com")).toMatchObject({ verdict: "invalid", reason: "disposable" });
    expect(calls[0].pathname).toBe("/v2/verify");
    expect(calls[0].searchParams.get("email")).toBe("good@x.com");
  });
  it("never says invalid when it could not decide", async () => {
    expect(await kb("maybe@x.com")).toMatchObject({ verdict: "unknown", reason: "no_connect" });
    expect(await kb("broke@x.com")).toMatchObject({ verdict: "unknown", reason: "kickbox_error: Insufficient balance" });
    expect(await kb("error@x.com")).toMatchObject({ verdict: "unknown", reason: "http_500" });
    expect(await kb("good@x.com", { apiKey: "wrong" })).toMatchObject({ verdict: "unknown", reason: "http_403" });
    expect(await kb("slow@x.com", { timeoutMs: 200 })).toMatchObject({ verdict: "unknown", reason: "timeout" });
    expect(await kb("good@x.com", { baseUrl: "http://127.0.0.1:1" })).toMatchObject({ verdict: "unknown", reason: "network_error" });
  });
});

describe("verifyAddress", () => {
  const local = {};
  const withKickbox = () => ({ kickboxApiKey: "live_test", kickboxBaseUrl: kickboxUrl });

  it("local rules without a Kickbox key; normalizes; writes no cache row (they are free to run again)", async () => {
    expect(await verifyAddress({ db: t.db, email: "  Maria@Example.COM ", config: local })).toEqual({
      verdict: "valid",
      reason: "accepted",
      source: "local",
    });
    expect(await t.db.emailVerification.findUnique({ where: { emailNormalized: "maria@example.com" } })).toBeNull();
    expect(await verifyAddress({ db: t.db, email: "maria@example.com", config: local })).toMatchObject({
      verdict: "valid",
      source: "local",
    });
    expect(await verifyAddress({ db: t.db, email: "x@mailinator.com", config: local })).toMatchObject({
      verdict: "invalid",
      reason: "disposable",
    });
    expect(await verifyAddress({ db: t.db, email: "not an address", config: local })).toMatchObject({
      verdict: "invalid",
      reason: "syntax",
    });
    expect(await verifyAddress({ db: t.db, email: "admin@agency.com", config: local })).toMatchObject({
      verdict: "valid",
      reason: "role_address",
    });
  });

  it("the suppression list wins over a cached valid", async () => {
    await verifyAddress({ db: t.db, email: "bob@example.com", config: local });
    await t.db.suppression.create({ data: { emailNormalized: "bob@example.com", kind: "BOUNCED", source: "resend" } });
    expect(await verifyAddress({ db: t.db, email: "Bob@example.com", config: local })).toEqual({
      verdict: "invalid",
      reason: "suppressed_bounced",
      source: "suppression",
    });
  });

  it("an expired cache entry is checked again", async () => {
    const then = new Date("2026-01-01T00:00:00Z");
    await verifyAddress({ db: t.db, email: "good@x.com", config: withKickbox(), now: then });
    expect(calls).toHaveLength(1);
    await verifyAddress({ db: t.db, email: "good@x.com", config: withKickbox(), now: new Date(then.getTime() + 1000) });
    expect(calls).toHaveLength(1);
    await verifyAddress({ db: t.db, email: "good@x.com", config: withKickbox(), now: new Date(then.getTime() + 31 * 86400_000) });
    expect(calls).toHaveLength(2);
  });

  it("uses Kickbox when configured, caches clear answers, never caches unknown", async () => {
    expect(await verifyAddress({ db: t.db, email: "gone@x.com", config: withKickbox() })).toMatchObject({
      verdict: "invalid",
      reason: "rejected_email",
      source: "kickbox",
    });
    expect(await verifyAddress({ db: t.db, email: "gone@x.com", config: withKickbox() })).toMatchObject({
      verdict: "invalid",
      source: "cache",
    });
    expect(await verifyAddress({ db: t.db, email: "maybe@x.com", config: withKickbox() })).toMatchObject({ verdict: "unknown" });
    expect(await verifyAddress({ db: t.db, email: "maybe@x.com", config: withKickbox() })).toMatchObject({
      verdict: "unknown",
      source: "kickbox",
    });
    expect(await t.db.emailVerification.findUnique({ where: { emailNormalized: "maybe@x.com" } })).toBeNull();
    // Local rules still run first: no Kickbox credit spent on a throwaway domain or a typo.
    calls = [];
    expect(await verifyAddress({ db: t.db, email: "a@mailinator.com", config: withKickbox() })).toMatchObject({ reason: "disposable" });
    expect(calls).toHaveLength(0);
  });
});
