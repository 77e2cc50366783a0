import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { testDatabases } from "@/lib/testing/test-databases";
import { createAgency } from "@/lib/accounts/create-agency";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { endSessions, loadTenant } from "@/lib/auth/load-tenant";
import { FREE_FAILURES } from "@/lib/auth/login-throttle";

/** Sign-in throttling per address and per IP, and sign-out ending the session (the server side of it). */
describe.each(testDatabases())("sessions and sign-in throttle on $name", ({ create }) => {
  let db: PrismaClient;
  let close: () => Promise<void>;
  let agency: Awaited<ReturnType<typeof createAgency>>;

  beforeAll(async () => {
    ({ db, close } = await create());
    agency = await createAgency(db, {
      name: "Throttle",
      senderName: "T",
      senderEmail: "t@iso.test",
      postalAddress: "1 Road",
      owner: { name: "Owner", email: "owner@throttle.test", password: "right-password" },
    });
  });
  afterAll(() => close());

  it("locks one IP guessing many addresses, while the owner still signs in from elsewhere", async () => {
    const ip = "203.0.113.7";
    // An office behind one NAT gets a larger allowance than one address: 5 × FREE_FAILURES failures, then locked.
    let lastWait = 0;
    for (let i = 0; i <= 5 * FREE_FAILURES; i++) {
      const result = await verifyCredentials(db, { email: `guess-${i}@throttle.test`, password: "x" }, ip);
      if (!result.ok && result.code === "throttled") {
        lastWait = result.retryAfterSeconds ?? 0;
        break;
      }
    }
    expect(lastWait).toBeGreaterThan(0);
    // Even the right password is refused from that IP while it is locked...
    expect(await verifyCredentials(db, { email: "owner@throttle.test", password: "right-password" }, ip)).toMatchObject({
      ok: false,
      code: "throttled",
    });
    // ...but not from another one: the lock is per IP (and per address), not global.
    expect(await verifyCredentials(db, { email: "owner@throttle.test", password: "right-password" }, "198.51.100.1")).toMatchObject({
      ok: true,
    });
  });

  it("locks one address guessed from many IPs", async () => {
    for (let i = 0; i < FREE_FAILURES; i++)
      await verifyCredentials(db, { email: "owner@throttle.test", password: `wrong-${i}` }, `192.0.2.${i + 1}`);
    expect(await verifyCredentials(db, { email: "owner@throttle.test", password: "right-password" }, "192.0.2.200")).toMatchObject({
      ok: false,
      code: "throttled",
    });
  });

  it("sign-out ends the session: the old token's claims no longer load a tenant", async () => {
    const user = await db.user.findUniqueOrThrow({ where: { id: agency.owner.id } });
    const claims = { userId: user.id, accountId: user.accountId, sessionVersion: user.sessionVersion };
    expect(await loadTenant(db, claims)).not.toBeNull();
    await endSessions(db, user.id);
    expect(await loadTenant(db, claims)).toBeNull();
  });
});
