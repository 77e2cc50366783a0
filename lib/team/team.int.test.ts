import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { testDatabases } from "@/lib/testing/test-databases";
import { createAgency } from "@/lib/accounts/create-agency";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { loadTenant } from "@/lib/auth/load-tenant";
import { changePassword } from "@/lib/auth/change-password";
import { findSetPasswordTarget, hashSetPasswordToken, setPasswordWithToken, SET_PASSWORD_TTL_MS } from "@/lib/auth/set-password-token";
import { addAgent, reissueSetPasswordLink } from "@/lib/team/add-agent";
import { changeAgentRole, setAgentActive } from "@/lib/team/change-agent";
import { listTeam } from "@/lib/team/list-team";
import { updateOwnName } from "@/lib/team/update-profile";
import { sendSetPasswordEmail } from "@/lib/team/send-set-password-email";
import type { Mailer } from "@/lib/mail";

describe.each(testDatabases())("team management on $name", ({ create }) => {
  let db: PrismaClient;
  let close: () => Promise<void>;
  let a: Awaited<ReturnType<typeof createAgency>>;
  let b: Awaited<ReturnType<typeof createAgency>>;
  const agency = (tag: string) => ({
    name: `Agency ${tag}`,
    senderName: tag,
    senderEmail: `${tag}@agency.test`,
    postalAddress: "1 Road",
    owner: { name: `Owner ${tag}`, email: `owner-${tag}@team.test`, password: `secret-${tag}-123` },
  });
  const ownerA = () => ({ accountId: a.account.id, userId: a.owner.id });
  const activities = (type: string) => db.activity.findMany({ where: { accountId: a.account.id, type } });

  beforeAll(async () => {
    ({ db, close } = await create());
    a = await createAgency(db, agency("a"));
    b = await createAgency(db, agency("b"));
  });
  afterAll(() => close());

  it("adds an agent with no password and a 72 h one-time link stored only as a hash", async () => {
    const before = Date.now();
    const link = await addAgent(db, ownerA(), { name: "Sam", email: " Sam@Team.test ", role: "AGENT" });
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const user = await db.user.findUniqueOrThrow({ where: { id: link.agentId } });
    expect(user).toMatchObject({
      email: "sam@team.test",
      role: "AGENT",
      active: true,
      passwordHash: null,
      passwordSetToken: hashSetPasswordToken(link.token),
    });
    expect(user.passwordSetToken).not.toContain(link.token);
    expect(user.passwordSetExpiry!.getTime() - before).toBeGreaterThanOrEqual(SET_PASSWORD_TTL_MS - 1000);
    expect(user.passwordSetExpiry!.getTime() - before).toBeLessThanOrEqual(SET_PASSWORD_TTL_MS + 5000);
    expect(await activities("user.created")).toHaveLength(1);
    // Cannot sign in before setting a password.
    expect(await verifyCredentials(db, { email: "sam@team.test", password: "anything-at-all" }, null)).toEqual({
      ok: false,
      code: "invalid",
    });
    // The same address again, in this agency or another, is refused.
    await expect(
      addAgent(db, { accountId: b.account.id, userId: b.owner.id }, { name: "Sam", email: "sam@team.test", role: "AGENT" }),
    ).rejects.toThrow(/already in use/);
    expect(await listTeam(db, a.account.id)).toEqual(
      expect.arrayContaining([expect.objectContaining({ email: "sam@team.test", invited: true })]),
    );
    expect((await listTeam(db, b.account.id)).map((m) => m.email)).toEqual(["owner-b@team.test"]);
  });

  it("sets the password once with the link; used, forged and expired links are refused", async () => {
    const link = await addAgent(db, ownerA(), { name: "Lee", email: "lee@team.test", role: "AGENT" });
    expect(await findSetPasswordTarget(db, link.token)).toMatchObject({
      ok: true,
      user: { email: "lee@team.test", accountName: "Agency a" },
    });
    expect(await setPasswordWithToken(db, link.token, "a-long-password")).toEqual({ ok: true, email: "lee@team.test" });
    expect(await setPasswordWithToken(db, link.token, "another-password")).toEqual({ ok: false, reason: "invalid" });
    expect(await findSetPasswordTarget(db, "x".repeat(43))).toEqual({ ok: false, reason: "invalid" });
    expect(await findSetPasswordTarget(db, "../../etc")).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyCredentials(db, { email: "lee@team.test", password: "a-long-password" }, null)).toMatchObject({ ok: true });
    expect(await activities("user.password_set")).toHaveLength(1);

    const late = await addAgent(db, ownerA(), { name: "Kim", email: "kim@team.test", role: "AGENT" });
    const later = new Date(Date.now() + SET_PASSWORD_TTL_MS + 1000);
    expect(await findSetPasswordTarget(db, late.token, later)).toEqual({ ok: false, reason: "expired" });
    expect(await setPasswordWithToken(db, late.token, "a-long-password", later)).toEqual({ ok: false, reason: "expired" });
    // A new link replaces the old one.
    const fresh = await reissueSetPasswordLink(db, ownerA(), late.agentId);
    expect(await findSetPasswordTarget(db, late.token)).toEqual({ ok: false, reason: "invalid" });
    expect((await findSetPasswordTarget(db, fresh.token)).ok).toBe(true);
    await expect(
      reissueSetPasswordLink(db, ownerA(), (await db.user.findUniqueOrThrow({ where: { email: "lee@team.test" } })).id),
    ).rejects.toThrow(/already set a password/);
    await expect(reissueSetPasswordLink(db, { accountId: b.account.id, userId: b.owner.id }, late.agentId)).rejects.toThrow(/not found/);
  });

  it("never leaves an agency without an active owner", async () => {
    await expect(changeAgentRole(db, ownerA(), a.owner.id, "AGENT")).rejects.toThrow(/at least one active owner/);
    await expect(setAgentActive(db, ownerA(), a.owner.id, false)).rejects.toThrow(/at least one active owner/);
    const lee = await db.user.findUniqueOrThrow({ where: { email: "lee@team.test" } });
    expect(await changeAgentRole(db, ownerA(), lee.id, "OWNER")).toEqual({ changed: true });
    expect(await changeAgentRole(db, ownerA(), lee.id, "OWNER")).toEqual({ changed: false });
    // Two owners demoting each other at once: one wins, the other is refused.
    const results = await Promise.allSettled([
      changeAgentRole(db, ownerA(), lee.id, "AGENT"),
      changeAgentRole(db, { accountId: a.account.id, userId: lee.id }, a.owner.id, "AGENT"),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.user.count({ where: { accountId: a.account.id, role: "OWNER", active: true } })).toBe(1);
    // Restore: a.owner is the owner again.
    const owner = await db.user.findFirstOrThrow({ where: { accountId: a.account.id, role: "OWNER" } });
    if (owner.id !== a.owner.id) {
      await changeAgentRole(db, { accountId: a.account.id, userId: owner.id }, a.owner.id, "OWNER");
      await changeAgentRole(db, ownerA(), owner.id, "AGENT");
    }
    expect(await activities("user.role_changed")).not.toHaveLength(0);
    // Another agency's agent is "not found", and nothing of theirs changes.
    await expect(changeAgentRole(db, ownerA(), b.owner.id, "AGENT")).rejects.toThrow(/not found/);
    await expect(setAgentActive(db, ownerA(), b.owner.id, false)).rejects.toThrow(/not found/);
    expect(await db.user.findUniqueOrThrow({ where: { id: b.owner.id } })).toMatchObject({
      role: "OWNER",
      active: true,
      sessionVersion: 0,
    });
  });

  it("deactivation ends sessions and refuses sign-in; reactivation lets the agent back in", async () => {
    const lee = await db.user.findUniqueOrThrow({ where: { email: "lee@team.test" } });
    const claims = { userId: lee.id, accountId: a.account.id, sessionVersion: lee.sessionVersion };
    expect(await loadTenant(db, claims)).not.toBeNull();
    expect(await setAgentActive(db, ownerA(), lee.id, false)).toEqual({ changed: true });
    expect(await loadTenant(db, claims)).toBeNull();
    expect(await verifyCredentials(db, { email: "lee@team.test", password: "a-long-password" }, null)).toEqual({
      ok: false,
      code: "inactive",
    });
    expect(await setAgentActive(db, ownerA(), lee.id, true)).toEqual({ changed: true });
    expect(await verifyCredentials(db, { email: "lee@team.test", password: "a-long-password" }, null)).toMatchObject({ ok: true });
    expect(await activities("user.deactivated")).toHaveLength(1);
    expect(await activities("user.reactivated")).toHaveLength(1);
    // A deactivated agent's unused link dies with the deactivation.
    const kim = await db.user.findUniqueOrThrow({ where: { email: "kim@team.test" } });
    await setAgentActive(db, ownerA(), kim.id, false);
    expect(await db.user.findUniqueOrThrow({ where: { id: kim.id } })).toMatchObject({ passwordSetToken: null, passwordSetExpiry: null });
  });

  it("changes one's own name and password; the current password is required and other sessions end", async () => {
    const lee = await db.user.findUniqueOrThrow({ where: { email: "lee@team.test" } });
    const me = { accountId: a.account.id, userId: lee.id };
    await updateOwnName(db, me, "Lee Park");
    expect((await db.user.findUniqueOrThrow({ where: { id: lee.id } })).name).toBe("Lee Park");
    await expect(changePassword(db, me, { currentPassword: "wrong-password", newPassword: "brand-new-password" })).rejects.toThrow(
      /current password/,
    );
    const claims = { userId: lee.id, accountId: a.account.id, sessionVersion: lee.sessionVersion };
    const { sessionVersion } = await changePassword(db, me, { currentPassword: "a-long-password", newPassword: "brand-new-password" });
    expect(sessionVersion).toBe(lee.sessionVersion + 1);
    expect(await loadTenant(db, claims)).toBeNull();
    expect(await verifyCredentials(db, { email: "lee@team.test", password: "brand-new-password" }, null)).toMatchObject({
      ok: true,
      user: { sessionVersion },
    });
    expect(await activities("user.password_changed")).toHaveLength(1);
    // Someone else's user id with my account is "not found".
    await expect(updateOwnName(db, { accountId: a.account.id, userId: b.owner.id }, "x")).rejects.toThrow(/not found/);
    expect((await db.user.findUniqueOrThrow({ where: { id: b.owner.id } })).name).toBe("Owner b");
  });

  it("emails the link with an idempotency key per link, and reports a failed send", async () => {
    const sent: { to: string; text: string; key: string }[] = [];
    const mailer: Mailer = {
      async send(email, { idempotencyKey }) {
        sent.push({ to: email.to, text: email.text, key: idempotencyKey });
        return { kind: "sent", id: "m1" };
      },
      async sendBatch() {
        throw new Error("unused");
      },
    };
    const link = { agentId: "u1", email: "new@team.test", name: "New", token: "t".repeat(43), expiresAt: new Date(1_000) };
    expect(await sendSetPasswordEmail(mailer, { link, agencyName: "Agency a", invitedBy: "Owner a", appUrl: "http://app.test/" })).toEqual({
      sent: true,
    });
    expect(sent[0]).toMatchObject({ to: "new@team.test", key: "set-password:u1:1000" });
    expect(sent[0].text).toContain(`http://app.test/set-password/${"t".repeat(43)}`);
    const failing: Mailer = {
      ...mailer,
      async send() {
        return { kind: "permanent", reason: "bad", code: "x", statusCode: 422 };
      },
    };
    expect(await sendSetPasswordEmail(failing, { link, agencyName: "A", invitedBy: "O", appUrl: "http://app.test" })).toEqual({
      sent: false,
      reason: "bad",
    });
  });
});
