import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { testDatabases } from "@/lib/testing/test-databases";
import { createAgency } from "@/lib/accounts/create-agency";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { endSessions, loadTenant } from "@/lib/auth/load-tenant";
import { FREE_FAILURES } from "@/lib/auth/login-throttle";

describe.each(testDatabases())("sign-in and tenant context on $name", ({ create }) => {
  let db: PrismaClient;
  let close: () => Promise<void>;
  let agencyA: Awaited<ReturnType<typeof createAgency>>;
  let agencyB: Awaited<ReturnType<typeof createAgency>>;

  const agency = (tag: string) => ({
    name: `Agency ${tag}`,
    senderName: tag,
    senderEmail: `${tag}@agency.test`,
    postalAddress: "1 Road",
    owner: { name: `Owner ${tag}`, email: `Owner-${tag}@Agency.test`, password: `secret-${tag}` },
    credit: 10,
  });

  beforeAll(async () => {
    ({ db, close } = await create());
    agencyA = await createAgency(db, agency("a"));
    agencyB = await createAgency(db, agency("b"));
  });
  afterAll(() => close());

  it("accepts the right password, whatever the case of the address", async () => {
    const result = await verifyCredentials(db, { email: "OWNER-A@agency.test", password: "secret-a" }, "10.0.0.1");
    expect(result).toMatchObject({ ok: true, user: { id: agencyA.owner.id, accountId: agencyA.account.id, role: "OWNER" } });
  });

  it("answers a wrong password and an unknown address the same way", async () => {
    expect(await verifyCredentials(db, { email: "owner-a@agency.test", password: "nope" }, null)).toEqual({ ok: false, code: "invalid" });
    expect(await verifyCredentials(db, { email: "nobody@agency.test", password: "nope" }, null)).toEqual({ ok: false, code: "invalid" });
    expect(await verifyCredentials(db, { email: "not an email", password: "x" }, null)).toEqual({ ok: false, code: "invalid" });
  });

  it("locks an address after repeated failures, even against the right password", async () => {
    const email = "owner-b@agency.test";
    for (let i = 0; i < FREE_FAILURES; i++) await verifyCredentials(db, { email, password: `wrong-${i}` }, null);
    const locked = await verifyCredentials(db, { email, password: "secret-b" }, null);
    expect(locked).toMatchObject({ ok: false, code: "throttled" });
    expect(locked.ok === false && locked.retryAfterSeconds).toBeGreaterThan(0);
    // The lock is per address: agency A's owner still signs in.
    expect((await verifyCredentials(db, { email: "owner-a@agency.test", password: "secret-a" }, null)).ok).toBe(true);
  });

  it("refuses a deactivated agent, and ends their live sessions", async () => {
    const claims = { userId: agencyA.owner.id, accountId: agencyA.account.id, sessionVersion: 0 };
    expect(await loadTenant(db, claims)).toMatchObject({ accountId: agencyA.account.id, account: { creditBalance: 10 } });
    await db.user.update({ where: { id: agencyA.owner.id }, data: { active: false } });
    expect(await loadTenant(db, claims)).toBeNull();
    expect(await verifyCredentials(db, { email: "owner-a@agency.test", password: "secret-a" }, null)).toEqual({
      ok: false,
      code: "inactive",
    });
    await db.user.update({ where: { id: agencyA.owner.id }, data: { active: true } });
  });

  it("refuses a session after sign-out (session version bumped) and claims that mix two agencies", async () => {
    const claims = { userId: agencyA.owner.id, accountId: agencyA.account.id, sessionVersion: 0 };
    await endSessions(db, agencyA.owner.id);
    expect(await loadTenant(db, claims)).toBeNull();
    expect(await loadTenant(db, { ...claims, sessionVersion: 1 })).not.toBeNull();
    expect(await loadTenant(db, { ...claims, sessionVersion: 1, accountId: agencyB.account.id })).toBeNull();
    expect(await loadTenant(db, null)).toBeNull();
  });
});
