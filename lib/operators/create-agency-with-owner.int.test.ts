import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { testDatabases } from "@/lib/testing/test-databases";
import { createAgency } from "@/lib/accounts/create-agency";
import { findSetPasswordTarget, hashSetPasswordToken, setPasswordWithToken, SET_PASSWORD_TTL_MS } from "@/lib/auth/set-password-token";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { createAgencyWithOwner } from "@/lib/operators/create-agency-with-owner";

describe.each(testDatabases())("an operator creates an agency with its first owner on $name", ({ create }) => {
  let db: PrismaClient;
  let close: () => Promise<void>;
  beforeAll(async () => ({ db, close } = await create()));
  afterAll(() => close());

  const harbor = { name: "Harbor Insurance", ownerEmail: " Dana@Harbor.test ", ownerName: "Dana Reyes", credit: "+500", by: "ops-jo" };

  it("creates the agency, an owner with no password and a 72 h one-time link, the opening credit and the history entry", async () => {
    const before = Date.now();
    const created = await createAgencyWithOwner(db, { ...harbor, timeZone: "America/Chicago", postalAddress: "1 Main St, Springfield" });
    expect(created).toMatchObject({ name: "Harbor Insurance", owner: { email: "dana@harbor.test", name: "Dana Reyes" }, credit: 500 });
    expect(created.setPasswordToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.setPasswordExpiresAt.getTime() - before).toBeGreaterThanOrEqual(SET_PASSWORD_TTL_MS - 1000);

    const account = await db.account.findUniqueOrThrow({ where: { id: created.accountId }, include: { users: true, creditEntries: true } });
    expect(account).toMatchObject({
      status: "ACTIVE",
      timeZone: "America/Chicago",
      senderName: "Harbor Insurance",
      senderEmail: "dana@harbor.test",
      postalAddress: "1 Main St, Springfield",
      creditBalance: 500,
    });
    expect(account.users).toEqual([
      expect.objectContaining({ role: "OWNER", passwordHash: null, passwordSetToken: hashSetPasswordToken(created.setPasswordToken) }),
    ]);
    expect(account.creditEntries.map((e) => [e.delta, e.reason])).toEqual([[500, "Opening credit"]]);
    const activity = await db.activity.findMany({ where: { accountId: created.accountId } });
    expect(activity).toEqual([
      expect.objectContaining({
        type: "agency.created",
        userId: null,
        detail: { operator: "ops-jo", owner: "dana@harbor.test", credit: 500 },
      }),
    ]);

    // The owner cannot sign in before choosing a password, then can with the link, once.
    expect(await verifyCredentials(db, { email: "dana@harbor.test", password: "anything-at-all" }, null)).toEqual({
      ok: false,
      code: "invalid",
    });
    expect(await findSetPasswordTarget(db, created.setPasswordToken)).toMatchObject({
      ok: true,
      user: { accountName: "Harbor Insurance" },
    });
    expect(await setPasswordWithToken(db, created.setPasswordToken, "harbor-password-1")).toEqual({ ok: true, email: "dana@harbor.test" });
    expect(await verifyCredentials(db, { email: "dana@harbor.test", password: "harbor-password-1" }, null)).toMatchObject({
      ok: true,
      user: { role: "OWNER", accountId: created.accountId },
    });
  });

  it("uses the given sender and the defaults (New York, no credit)", async () => {
    const created = await createAgencyWithOwner(db, {
      name: "Oak Mutual",
      ownerEmail: "kim@oak.test",
      ownerName: "Kim",
      senderEmail: "Office@Oak.test",
      senderName: "Oak Office",
    });
    const account = await db.account.findUniqueOrThrow({ where: { id: created.accountId } });
    expect(account).toMatchObject({
      senderEmail: "office@oak.test",
      senderName: "Oak Office",
      timeZone: "America/New_York",
      creditBalance: 0,
      postalAddress: "",
    });
    expect(await db.creditEntry.count({ where: { accountId: created.accountId } })).toBe(0);
  });

  it("refuses an owner address already used by any Blast login, and a second agency of the same name, writing nothing", async () => {
    await createAgency(db, {
      name: "Elm",
      senderName: "Elm",
      senderEmail: "elm@elm.test",
      postalAddress: "",
      owner: { name: "Elm", email: "owner@elm.test", password: "elm-password-1" },
    });
    const accounts = await db.account.count();
    await expect(createAgencyWithOwner(db, { ...harbor, name: "Pine", ownerEmail: "OWNER@elm.test" })).rejects.toThrow(
      "The owner email owner@elm.test is already in use by a Blast login",
    );
    await expect(createAgencyWithOwner(db, { ...harbor, ownerEmail: "other@harbor.test", name: "harbor insurance" })).rejects.toThrow(
      /An agency named "Harbor Insurance" already exists \(c/,
    );
    expect(await db.account.count()).toBe(accounts);
  });

  it("refuses bad input with a message saying what to type", async () => {
    const bad: [object, string | RegExp][] = [
      [{ ownerEmail: "not-an-email" }, "The owner's email is not a valid email address"],
      [{ name: "  " }, "The agency's name is required"],
      [{ ownerName: "" }, "The owner's name is required"],
      [{ timeZone: "Mars/Olympus" }, '"Mars/Olympus" is not a time zone'],
      [{ credit: "lots" }, "The opening credit must be a whole number of credits"],
      [{ credit: "-5" }, "The opening credit must be between 0 and 1,000,000"],
      [{ credit: 2_000_000 }, "The opening credit must be between 0 and 1,000,000"],
      [{ senderEmail: "x" }, "The sender email is not a valid email address"],
    ];
    for (const [change, message] of bad) {
      await expect(createAgencyWithOwner(db, { ...harbor, name: "Birch", ownerEmail: "b@birch.test", ...change })).rejects.toMatchObject({
        code: "INVALID",
        message: typeof message === "string" ? expect.stringContaining(message) : expect.stringMatching(message),
      });
    }
    expect(await db.account.count({ where: { name: "Birch" } })).toBe(0);
  });
});
