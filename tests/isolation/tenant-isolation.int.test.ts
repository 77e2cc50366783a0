import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { testDatabases } from "@/lib/testing/test-databases";
import { loadTenant } from "@/lib/auth/load-tenant";
import { entryFiles, entryKeys, ROOT } from "./enumerate";
import { engineCallGuard } from "@/inngest/replay-guard";
import { functions } from "@/inngest";
import { signBody } from "@/local/inngest/src/signing";
import { canonicalize } from "@/local/inngest/src/util/canonical";
import { createHash } from "node:crypto";
import { leaks, seedWorld, snapshotB, type World } from "./world";

/**
 * Tenant isolation, proven against every entry point: each server action and each route handler is
 * called as a signed-in agent (or owner) of agency A with ids that belong to agency B, and must answer
 * "not found" / refuse, leak nothing of B, and change nothing of B. Public entry points (no session by
 * design) say why they are public and are checked the same way with forged input.
 *
 * A new action or route without a case here FAILS the "every entry point has a case" test.
 */

// ---- Next, Auth.js and the process, replaced so actions and handlers run outside Next ----------------
const h = vi.hoisted(() => {
  // next-auth's ESM build imports "next/server" without an extension, which Node's own resolver (used for
  // externalized packages) refuses; Next's bundler does not care. Retry such specifiers with ".js".
  const { register } = process.getBuiltinModule("node:module") as typeof import("node:module");
  const hook = `export async function resolve(s, c, next) { try { return await next(s, c); } catch (e) { if (/^next\\/[a-z/]+$/.test(s)) return next(s + ".js", c); throw e; } }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
  const env = {
    AUTH_SECRET: "isolation-test-auth-secret-0123456789abcdef",
    AUTH_URL: "http://localhost:3999/api/auth",
    AUTH_TRUST_HOST: "true",
    UNSUBSCRIBE_SECRET: "isolation-test-unsubscribe-secret-0123456789",
    RESEND_BASE_URL: "http://127.0.0.1:9",
    RESEND_WEBHOOK_SECRET: `whsec_${Buffer.from("isolation-webhook-secret-32bytes!").toString("base64")}`,
    INNGEST_BASE_URL: "http://127.0.0.1:9",
    INNGEST_SIGNING_KEY: "signkey-test-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    INNGEST_EVENT_KEY: "isolation-event-key",
    E2E_SEED_TOKEN: "",
    APP_URL: "http://localhost:3999",
  };
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  delete process.env.INNGEST_DEV;
  return {
    env,
    saved,
    db: null as unknown as import("@/lib/generated/prisma/client").PrismaClient,
    session: null as null | { userId: string; accountId: string; role: string; sessionVersion: number },
    sent: [] as { to: string; subject: string; html: string; text: string }[],
  };
});

vi.mock("@/lib/db", () => ({ getDb: async () => h.db, createDb: async () => h.db }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn(), updateTag: vi.fn() }));
vi.mock("next/server", async (importOriginal) => ({ ...(await importOriginal<typeof import("next/server")>()), after: vi.fn() }));
vi.mock("next/navigation", () => ({
  redirect: vi.fn((url: string) => {
    throw Object.assign(new Error(`NEXT_REDIRECT ${url}`), { digest: `NEXT_REDIRECT;replace;${url};307;` });
  }),
  notFound: vi.fn(() => {
    throw Object.assign(new Error("NEXT_HTTP_ERROR_FALLBACK;404"), { digest: "NEXT_HTTP_ERROR_FALLBACK;404" });
  }),
}));
vi.mock("@/lib/services", () => ({
  composeSettings: () => ({ appUrl: h.env.APP_URL, unsubscribeSecret: h.env.UNSUBSCRIBE_SECRET, from: "Blast <n@blast.test>" }),
  services: async () => ({
    db: h.db,
    mailer: {
      async send(email: { to: string; subject: string; html: string; text: string }) {
        h.sent.push(email);
        return { kind: "sent", id: `fake-${h.sent.length}` };
      },
      async sendBatch() {
        throw new Error("not used by actions");
      },
    },
    verification: { kickbox: null },
    compose: { appUrl: h.env.APP_URL, unsubscribeSecret: h.env.UNSUBSCRIBE_SECRET, from: "Blast <n@blast.test>" },
  }),
}));
// The session comes from h.session; signIn checks real credentials against the test database; the route
// handlers are Auth.js's real ones (same config as auth.ts, credentials against the test database).
vi.mock("@/auth", async () => {
  const { default: NextAuth, CredentialsSignin } = await import("next-auth");
  const { default: Credentials } = await import("next-auth/providers/credentials");
  const { authConfig } = await import("@/auth.config");
  const { verifyCredentials } = await import("@/lib/auth/verify-credentials");
  const real = NextAuth({
    ...authConfig,
    providers: [
      Credentials({
        credentials: { email: {}, password: {} },
        async authorize(credentials) {
          const result = await verifyCredentials(h.db, credentials, null);
          return result.ok ? result.user : null;
        },
      }),
    ],
  });
  return {
    auth: vi.fn(async () => h.session),
    signIn: vi.fn(async (_provider: string, input: { email: string; password: string }) => {
      const result = await verifyCredentials(h.db, input, "10.9.9.9");
      if (!result.ok) {
        const error = new CredentialsSignin();
        error.code = result.code;
        throw error;
      }
    }),
    signOut: vi.fn(async () => undefined),
    GET: real.handlers.GET,
    POST: real.handlers.POST,
  };
});

// ---- the cases ---------------------------------------------------------------------------------------
type Fn = (...args: unknown[]) => Promise<unknown>;
type Ctx = {
  db: PrismaClient;
  w: World;
  /** Calls the export of the case as agency A's agent (default), or as its owner when the last argument is "owner". */
  call: (...args: unknown[]) => Promise<unknown>;
  fn: Fn;
};
type Case = { public?: string; run: (t: Ctx) => Promise<void> };

const NOT_FOUND = /not found/i;
const OWNER_ONLY = /only an owner/i;
const refused = (result: unknown, pattern: RegExp) => {
  expect(result).toMatchObject({ ok: false });
  expect((result as { error: string }).error).toMatch(pattern);
};
const file = (data: string, name = "customers.csv") => new File([data], name, { type: "text/csv" });
const message = { templateKey: "office-hours", subject: "Hello", customMessage: "" };
// NextRequest: Auth.js's Next handlers read request.nextUrl.
const req = (url: string, init?: RequestInit) =>
  new NextRequest(`http://localhost:3999${url}`, init as ConstructorParameters<typeof NextRequest>[1]);
const params = <T>(p: T) => ({ params: Promise.resolve(p) });
const body = async (res: Response) => ({ status: res.status, text: await res.text(), headers: res.headers });
const forgedToken = (w: World) => {
  const [payload] = w.B.unsubscribeToken.split(".");
  return `${payload}.${randomBytes(32).toString("base64url")}`;
};

const CASES: Record<string, Case> = {
  // -- sign-in, sign-out, set password (mine and the shell's) --
  "app/(auth)/login/actions.ts#login": {
    public: "the sign-in form: the email and password are the only authority (rate limited per address and IP)",
    async run({ fn, w }) {
      // fn, not call: the form state echoes the typed address back, which is the caller's own input.
      const wrong = new FormData();
      wrong.set("email", w.B.owner.email);
      wrong.set("password", "not-their-password");
      expect(await fn({}, wrong)).toMatchObject({ error: "Wrong email or password." });
      const pending = new FormData();
      pending.set("email", "pending-b@iso.test");
      pending.set("password", "anything-goes-here");
      expect(await fn({}, pending)).toMatchObject({ error: "Wrong email or password." });
    },
  },
  "app/(auth)/set-password/[token]/actions.ts#setPasswordAction": {
    public: "the one-time set-password link: the token is the only authority (the agent has no session yet)",
    async run({ call, w }) {
      // The real token with its last character changed (to something else than it was: 1 in 64 tokens ends in "A").
      const real = w.B.pendingAgentToken;
      const altered = real.slice(0, -1) + (real.endsWith("A") ? "B" : "A");
      for (const token of [randomBytes(32).toString("base64url"), altered, "", "../../x"]) {
        const form = new FormData();
        form.set("token", token);
        form.set("password", "a-long-new-password");
        form.set("confirmPassword", "a-long-new-password");
        const result = (await call({}, form)) as { error?: string; done?: boolean };
        expect(result.done).toBeFalsy();
        expect(result.error).toBeTruthy();
      }
    },
  },
  "app/unsubscribe/[token]/actions.ts#confirmUnsubscribe": {
    public: "the unsubscribe confirmation of a customer (no session): the signed token is the only authority",
    async run({ call, w }) {
      await expect(call(forgedToken(w))).rejects.toMatchObject({ digest: expect.stringMatching(/^NEXT_REDIRECT/) });
      await expect(call(`${w.B.accountId}.${w.B.customer.id}`)).rejects.toMatchObject({ digest: expect.stringMatching(/^NEXT_REDIRECT/) });
    },
  },
  "app/(dashboard)/actions.ts#signOutAction": {
    async run({ call, db, w }) {
      const before = { ...h.session! };
      await call();
      // Sign-out ends the caller's own sessions only: the old claims no longer load a tenant.
      expect(await loadTenant(db, before)).toBeNull();
      const agent = await db.user.findUniqueOrThrow({ where: { id: w.A.agent.id } });
      expect(agent.sessionVersion).toBe(before.sessionVersion + 1);
    },
  },

  // -- activity --
  "app/(dashboard)/activity/actions.ts#requestExportAction": {
    async run({ call, db, w }) {
      for (const filters of [{ customerId: w.B.customer.id }, { blastId: w.B.doneBlast.id }, { customer: "bob@cust-b.test" }]) {
        const result = (await call(filters)) as { ok: boolean; data?: { exportId: string } };
        if (result.ok) {
          // Accepted as a filter on A's own history: the export is A's and can only ever hold A's rows.
          const exp = await db.activityExport.findUniqueOrThrow({ where: { id: result.data!.exportId } });
          expect(exp.accountId).toBe(w.A.accountId);
          await db.activityExport.delete({ where: { id: exp.id } });
        }
      }
    },
  },

  // -- customers --
  "app/(dashboard)/customers/actions.ts#createCustomerAction": {
    async run({ call, db, w }) {
      // The same address as B's customer is a separate customer of A (customers are per agency).
      const result = (await call({ firstName: "Copy", email: "bob@cust-b.test" })) as { ok: boolean };
      expect(result.ok).toBe(true);
      const copies = await db.customer.findMany({ where: { emailNormalized: "bob@cust-b.test" } });
      expect(copies.map((c) => c.accountId).sort()).toEqual([w.A.accountId, w.B.accountId].sort());
      await db.customer.deleteMany({ where: { accountId: w.A.accountId, emailNormalized: "bob@cust-b.test" } });
    },
  },
  "app/(dashboard)/customers/actions.ts#updateCustomerAction": {
    async run({ call, w }) {
      refused(await call({ customerId: w.B.customer.id, firstName: "Hijacked", email: "evil@x.test" }), NOT_FOUND);
    },
  },
  "app/(dashboard)/customers/actions.ts#setCustomerStateAction": {
    async run({ call, w }) {
      refused(await call({ customerId: w.B.customer.id, kind: "status", status: "INACTIVE" }), NOT_FOUND);
      refused(await call({ customerId: w.B.customer.id, kind: "optOut", optedOut: true }), NOT_FOUND);
    },
  },
  "app/(dashboard)/customers/actions.ts#previewImportAction": {
    async run({ fn }) {
      // The preview echoes the uploaded rows (the caller's own input); it must not tell that B has the address.
      const result = await fn({ file: file("email,first_name\nbob@cust-b.test,Robert\n") });
      expect(result).toMatchObject({ ok: true, data: { toCreate: 1, toMerge: 0 } });
      expect(JSON.stringify(result)).not.toContain("ZZB");
    },
  },
  "app/(dashboard)/customers/actions.ts#importCustomersAction": {
    async run({ call, db, w }) {
      expect(await call({ file: file("email,first_name\nbob@cust-b.test,Robert\n") })).toMatchObject({ ok: true });
      await db.customer.deleteMany({ where: { accountId: w.A.accountId, emailNormalized: "bob@cust-b.test" } });
      await db.activity.deleteMany({ where: { accountId: w.A.accountId, type: "customers.imported" } });
    },
  },
  "app/(dashboard)/customers/[id]/send-action.ts#sendToCustomerAction": {
    async run({ call, w }) {
      refused(await call({ ...message, customerId: w.B.customer.id }), NOT_FOUND);
      expect(h.sent).toHaveLength(0);
    },
  },

  // -- templates --
  "app/(dashboard)/templates/actions.ts#previewTemplateAction": {
    async run({ call, w }) {
      refused(await call({ ...message, customerId: w.B.customer.id }), NOT_FOUND);
    },
  },
  "app/(dashboard)/templates/actions.ts#findPreviewCustomersAction": {
    async run({ call }) {
      expect(await call({ q: "bob@cust-b.test" })).toEqual({ ok: true, data: [] });
      expect(await call({ q: "Bob" })).toEqual({ ok: true, data: [] });
    },
  },

  // -- settings (owner only) --
  "app/(dashboard)/settings/actions.ts#updateSettingsAction": {
    async run({ call, db, w }) {
      const input = {
        name: "Renamed",
        senderName: "S",
        senderEmail: "s@iso.test",
        postalAddress: "2 Road",
        phone: "",
        timeZone: "America/Chicago",
      };
      refused(await call(input, "agent"), OWNER_ONLY);
      expect((await db.account.findUniqueOrThrow({ where: { id: w.A.accountId } })).name).toBe("Agency a");
      // Extra ids in the input are ignored: the account is the session's.
      expect(await call({ ...input, accountId: w.B.accountId, id: w.B.accountId }, "owner")).toMatchObject({ ok: true });
      expect((await db.account.findUniqueOrThrow({ where: { id: w.A.accountId } })).name).toBe("Renamed");
      await db.account.update({ where: { id: w.A.accountId }, data: { name: "Agency a" } });
    },
  },

  // -- blasts --
  "app/(dashboard)/blasts/compose-actions.ts#countRecipientsAction": {
    async run({ call, w }) {
      const result = await call({ selection: { mode: "ids", ids: [w.B.customer.id, w.B.customer2.id] } });
      expect(result).toMatchObject({ ok: true, data: { selected: 0, eligible: 0 } });
    },
  },
  "app/(dashboard)/blasts/compose-actions.ts#searchCustomersAction": {
    async run({ call }) {
      expect(await call({ q: "cust-b.test" })).toEqual({ ok: true, data: [] });
    },
  },
  "app/(dashboard)/blasts/compose-actions.ts#previewBlastAction": {
    async run({ call, w }) {
      const result = (await call({ ...message, selection: { mode: "ids", ids: [w.B.customer.id] } })) as { ok: boolean };
      expect(result.ok).toBe(true);
    },
  },
  "app/(dashboard)/blasts/compose-actions.ts#testSendAction": {
    async run({ call, w }) {
      await call({ ...message, selection: { mode: "ids", ids: [w.B.customer.id] } });
      // Only ever to the caller's own address, and never personalized for B's customer.
      expect(h.sent.map((e) => e.to)).toEqual(h.sent.length ? [w.A.agent.email] : []);
      expect(leaks(h.sent)).toEqual([]);
    },
  },
  "app/(dashboard)/blasts/actions.ts#createBlastAction": {
    async run({ call, db, w }) {
      const result = (await call({ ...message, selection: { mode: "ids", ids: [w.B.customer.id, w.B.customer2.id] } })) as {
        ok: boolean;
        data?: { blastId: string };
      };
      if (result.ok) {
        // Accepted, but the selection is resolved inside A only (the fan-out's SQL): nobody of B can receive it.
        const blast = await db.blast.findUniqueOrThrow({ where: { id: result.data!.blastId } });
        expect(blast.accountId).toBe(w.A.accountId);
        const { countRecipients } = await import("@/lib/blasts/count-recipients");
        expect(await countRecipients(db, w.A.accountId, blast.selection as { mode: "ids"; ids: string[] })).toMatchObject({
          selected: 0,
          eligible: 0,
        });
      }
    },
  },
  "app/(dashboard)/blasts/actions.ts#cancelBlastAction": {
    async run({ call, w }) {
      refused(await call({ blastId: w.B.scheduledBlast.id }), NOT_FOUND);
    },
  },
  "app/(dashboard)/blasts/actions.ts#pauseBlastAction": {
    async run({ call, w }) {
      refused(await call({ blastId: w.B.scheduledBlast.id }), NOT_FOUND);
    },
  },
  "app/(dashboard)/blasts/actions.ts#resumeBlastAction": {
    async run({ call, w }) {
      refused(await call({ blastId: w.B.scheduledBlast.id }), NOT_FOUND);
    },
  },
  "app/(dashboard)/blasts/actions.ts#retryFailedAction": {
    async run({ call, w }) {
      refused(await call({ blastId: w.B.doneBlast.id }), NOT_FOUND);
    },
  },
  "app/(dashboard)/blasts/actions.ts#rescheduleBlastAction": {
    async run({ call, w }) {
      refused(await call({ blastId: w.B.scheduledBlast.id, scheduledAt: new Date(Date.now() + 3 * 3600_000).toISOString() }), NOT_FOUND);
    },
  },

  // -- team (owner only) and my account --
  "app/(dashboard)/team/actions.ts#addAgentAction": {
    async run({ call }) {
      refused(await call({ name: "X", email: "x@iso.test", role: "AGENT" }, "agent"), OWNER_ONLY);
      // B's agent's address: refused without saying which agency has it.
      const taken = (await call({ name: "X", email: "pending-b@iso.test", role: "OWNER" }, "owner")) as { ok: false; error: string };
      refused(taken, /already in use/);
      expect(h.sent).toHaveLength(0);
    },
  },
  "app/(dashboard)/team/actions.ts#reissueLinkAction": {
    async run({ call, w }) {
      refused(await call({ agentId: w.B.pendingAgentId }, "agent"), OWNER_ONLY);
      refused(await call({ agentId: w.B.pendingAgentId }, "owner"), NOT_FOUND);
      expect(h.sent).toHaveLength(0);
    },
  },
  "app/(dashboard)/team/actions.ts#changeRoleAction": {
    async run({ call, w }) {
      refused(await call({ agentId: w.A.owner.id, role: "AGENT" }, "agent"), OWNER_ONLY);
      refused(await call({ agentId: w.B.pendingAgentId, role: "OWNER" }, "owner"), NOT_FOUND);
      refused(await call({ agentId: w.B.owner.id, role: "AGENT" }, "owner"), NOT_FOUND);
    },
  },
  "app/(dashboard)/team/actions.ts#setAgentActiveAction": {
    async run({ call, w }) {
      refused(await call({ agentId: w.A.owner.id, active: false }, "agent"), OWNER_ONLY);
      refused(await call({ agentId: w.B.owner.id, active: false }, "owner"), NOT_FOUND);
    },
  },
  "app/(dashboard)/account/actions.ts#updateProfileAction": {
    async run({ call, db, w }) {
      // A user id in the input is ignored: the profile is the session's.
      expect(await call({ name: "Agent A2", userId: w.B.owner.id })).toMatchObject({ ok: true });
      expect((await db.user.findUniqueOrThrow({ where: { id: w.A.agent.id } })).name).toBe("Agent A2");
      await db.user.update({ where: { id: w.A.agent.id }, data: { name: "Agent A" } });
    },
  },
  "app/(dashboard)/account/actions.ts#changePasswordAction": {
    async run({ call, w }) {
      refused(
        await call({
          currentPassword: "owner-b-password",
          newPassword: "hijacked-password",
          confirmPassword: "hijacked-password",
          userId: w.B.owner.id,
        }),
        /current password/,
      );
    },
  },

  // -- route handlers --
  "app/api/auth/[...nextauth]/route.ts#GET": {
    public: "Auth.js: CSRF token, session and provider endpoints of the sign-in flow",
    async run({ fn }) {
      const session = await body((await fn(req("/api/auth/session"))) as Response);
      expect(session.status).toBe(200);
      expect(session.text).toBe("null");
    },
  },
  "app/api/auth/[...nextauth]/route.ts#POST": {
    public: "Auth.js: the credentials callback of the sign-in form (checked by email + password)",
    async run({ fn, w }) {
      const res = await signInRequest(fn, w.B.owner.email, "not-their-password");
      expect(res.headers.getSetCookie().some((c) => c.startsWith("authjs.session-token"))).toBe(false);
    },
  },
  "app/api/exports/[id]/route.ts#GET": {
    async run({ fn, w }) {
      const res = await body((await fn(req(`/api/exports/${w.B.exportId}`), params({ id: w.B.exportId }))) as Response);
      expect(res.status).toBe(404);
    },
  },
  "app/api/blasts/[id]/progress/route.ts#GET": {
    async run({ fn, w }) {
      const res = await body((await fn(req(`/api/blasts/${w.B.doneBlast.id}/progress`), params({ id: w.B.doneBlast.id }))) as Response);
      expect(res.status).toBe(404);
    },
  },
  "app/api/account/summary/route.ts#GET": {
    async run({ fn, w }) {
      const res = await body((await fn()) as Response);
      expect(res.status).toBe(200);
      const balanceA = (await h.db.creditEntry.aggregate({ where: { accountId: w.A.accountId }, _sum: { delta: true } }))._sum.delta;
      expect(JSON.parse(res.text)).toEqual({ creditBalance: balanceA });
    },
  },
  "app/api/unsubscribe/[token]/route.ts#POST": {
    public: "RFC 8058 one-click unsubscribe from a mail client (no session): the signed token is the only authority",
    async run({ fn, w }) {
      const token = forgedToken(w);
      const res = await body(
        (await fn(req(`/api/unsubscribe/${token}`, { method: "POST", body: "List-Unsubscribe=One-Click" }), params({ token }))) as Response,
      );
      expect(res.status).toBe(404);
    },
  },
  "app/api/unsubscribe/[token]/route.ts#GET": {
    public: "a mail client opening the List-Unsubscribe URL: redirects to the confirmation page, never unsubscribes",
    async run({ fn, w }) {
      const res = (await fn(req(`/api/unsubscribe/${w.B.unsubscribeToken}`), params({ token: w.B.unsubscribeToken }))) as Response;
      expect(res.status).toBe(303);
      expect(await res.text()).toBe("");
    },
  },
  "app/api/health/route.ts#GET": {
    public: "health check for load balancers and the start script: status only, details with HEALTH_TOKEN",
    async run({ fn }) {
      const res = await body((await fn(req("/api/health"))) as Response);
      expect([200, 503]).toContain(res.status);
      expect(Object.keys(JSON.parse(res.text))).toEqual(["status"]);
      expect(JSON.parse(res.text).status).toMatch(/^(up|degraded|down)$/);
    },
  },
  "app/api/testing/seed/route.ts#POST": {
    public: "e2e seeding: answers 404 unless E2E_SEED_TOKEN is configured (never in production), 401 without the token",
    async run({ fn }) {
      const res = await body((await fn(req("/api/testing/seed", { method: "POST", body: "{}" }))) as Response);
      expect(res.status).toBe(404);
    },
  },
  "app/api/webhooks/resend/route.ts#POST": {
    public: "Resend's delivery/bounce webhooks: the Svix signature is the only authority",
    async run({ fn }) {
      const event = { type: "email.bounced", data: { email_id: "prov-b-1", to: ["bob@cust-b.test"] } };
      const res = await body(
        (await fn(
          req("/api/webhooks/resend", {
            method: "POST",
            body: JSON.stringify(event),
            headers: { "svix-id": "msg_1", "svix-timestamp": String(Math.floor(Date.now() / 1000)), "svix-signature": "v1,Zm9yZ2Vk" },
          }),
        )) as Response,
      );
      expect(res.status).toBeGreaterThanOrEqual(400);
    },
  },
  "app/api/inngest/route.ts#GET": {
    public: "the background engine's endpoint (introspection); function runs need the signing key",
    async run({ fn }) {
      const res = await body((await fn(req("/api/inngest"))) as Response);
      expect(res.status).toBeLessThan(500);
    },
  },
  "app/api/inngest/route.ts#POST": {
    public: "the background engine calls functions here: unsigned requests are refused",
    async run({ fn, w }) {
      const payload = {
        event: { name: "blast/cancelled", data: { blastId: w.B.scheduledBlast.id, accountId: w.B.accountId } },
        events: [],
        steps: {},
        ctx: { run_id: "r1", attempt: 0 },
      };
      const res = await body(
        (await fn(
          req("/api/inngest?fnId=blast-blast-customer-list-sender&stepId=step", {
            method: "POST",
            body: JSON.stringify(payload),
            headers: { "content-type": "application/json" },
          }),
        )) as Response,
      );
      expect(res.status).toBeGreaterThanOrEqual(400);
    },
  },
  "app/api/inngest/route.ts#PUT": {
    public: "registration of the functions with the engine (sync): carries no tenant data",
    async run({ fn }) {
      const res = await body((await fn(req("/api/inngest", { method: "PUT" }))) as Response);
      expect(res.status).toBeGreaterThanOrEqual(200);
    },
  },
};

async function signInRequest(fn: Fn, email: string, password: string, origin = "http://localhost:3999"): Promise<Response> {
  const at = (url: string, init?: RequestInit) => new NextRequest(`${origin}${url}`, init as ConstructorParameters<typeof NextRequest>[1]);
  const csrf = (await fn(at("/api/auth/csrf"))) as Response;
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return (await fn(
    at("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      body: new URLSearchParams({ csrfToken, email, password }).toString(),
      redirect: "manual",
    }),
  )) as Response;
}

// ---- the suite ---------------------------------------------------------------------------------------
describe.each(testDatabases())("tenant isolation of every action and route on $name", ({ create }) => {
  let close: () => Promise<void>;
  let w: World;
  const modules = new Map<string, Record<string, unknown>>();
  const files = entryFiles();

  beforeAll(async () => {
    const created = await create();
    h.db = created.db;
    close = created.close;
    w = await seedWorld(h.db, h.env.UNSUBSCRIBE_SECRET);
    for (const f of files)
      if (f.kind !== "helper") modules.set(f.file, (await import(/* @vite-ignore */ `${ROOT}/${f.file}`)) as Record<string, unknown>);
  });
  afterAll(async () => {
    await close?.();
  });
  beforeEach(async () => {
    h.sent.length = 0;
    await signInAs("agent");
  });

  async function signInAs(who: "agent" | "owner") {
    const user = await h.db.user.findUniqueOrThrow({ where: { id: who === "agent" ? w.A.agent.id : w.A.owner.id } });
    h.session = { userId: user.id, accountId: user.accountId, role: user.role, sessionVersion: user.sessionVersion };
  }

  it("every entry point has a case, and every case an entry point", () => {
    const helpers = files.filter((f) => f.kind === "helper").map((f) => f.file);
    // Named like an action module but not one ("use server" missing): must be a known helper.
    expect(helpers).toEqual(["app/_lib/tenant-action.ts"]);
    const found = [...modules.entries()]
      .flatMap(([name, mod]) =>
        entryKeys(
          files.find((f) => f.file === name)!,
          mod,
        ),
      )
      .sort();
    expect(found.length).toBeGreaterThan(30);
    const missing = found.filter((k) => !(k in CASES));
    const stale = Object.keys(CASES).filter((k) => !found.includes(k));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it("every route handler that is not public checks the session", () => {
    for (const f of files.filter((x) => x.kind === "route")) {
      const publicCase = Object.entries(CASES).some(([k, c]) => k.startsWith(`${f.file}#`) && c.public);
      if (!publicCase) expect(f.source, f.file).toMatch(/getTenant\(|requireTenant\(/);
    }
    for (const f of files.filter((x) => x.kind === "actions")) {
      const allPublic = Object.entries(CASES)
        .filter(([k]) => k.startsWith(`${f.file}#`))
        .every(([, c]) => c.public);
      if (!allPublic) expect(f.source, f.file).toMatch(/tenantAction\(|getTenant\(/);
    }
  });

  it("sets the session cookie httpOnly and SameSite=Lax, Secure (__Secure- prefix) when the site is https", async () => {
    const handlers = modules.get("app/api/auth/[...nextauth]/route.ts") as { POST: Fn; GET: Fn };
    const cookieOf = (res: Response) => res.headers.getSetCookie().find((c) => /authjs\.session-token=/.test(c));
    const plain = cookieOf(await signInRequest(handlers.POST, w.A.agent.email, "agent-a-password"));
    expect(plain).toMatch(/^authjs\.session-token=/);
    expect(plain).toMatch(/HttpOnly/i);
    expect(plain).toMatch(/SameSite=Lax/i);
    expect(plain).not.toMatch(/Secure/i);
    // Behind TLS (AUTH_URL https, or no AUTH_URL and an https request with AUTH_TRUST_HOST): Secure cookies.
    const saved = process.env.AUTH_URL;
    process.env.AUTH_URL = "https://blast.example.com/api/auth";
    try {
      const secure = cookieOf(await signInRequest(handlers.POST, w.A.agent.email, "agent-a-password", "https://blast.example.com"));
      expect(secure).toMatch(/^__Secure-authjs\.session-token=/);
      expect(secure).toMatch(/; Secure/i);
      expect(secure).toMatch(/HttpOnly/i);
      expect(secure).toMatch(/SameSite=Lax/i);
    } finally {
      process.env.AUTH_URL = saved;
    }
  });

  // The engine route is public by design (the engine has no session): a signature with the configured
  // key is its only authority. Each function is called as an attacker would, with B's ids and its later
  // steps marked done (so an accepted call would render B's email or send mail of the caller's choosing).
  describe("the engine route runs only calls signed with the configured key", () => {
    const sha1 = (s: string) => createHash("sha1").update(s).digest("hex");
    const attackBody = (fnId: string) => {
      const data = {
        accountId: w.B.accountId,
        blastId: w.B.doneBlast.id,
        customerId: w.B.customer.id,
        deliveryId: w.B.sentDelivery.id,
        round: 0,
      };
      const email = {
        to: "victim@elsewhere.test",
        subject: "Free money",
        html: "<p>relay</p>",
        text: "relay",
        from: "Agency <n@blast.test>",
      };
      const steps = { [sha1("check")]: { send: true }, [sha1("claim")]: { claimed: true, email }, [sha1("start")]: { outcome: "started" } };
      const event = { name: "blast/customer.requested", data: { ...data, email }, id: "evil", ts: Date.now() };
      return canonicalize({
        event,
        events: [event],
        steps,
        version: 2,
        use_api: false,
        ctx: {
          run_id: "01EVIL",
          attempt: 0,
          max_attempts: 4,
          stack: { stack: Object.keys(steps), current: 3 },
          step_id: "step",
          fn_id: fnId,
        },
      });
    };
    const fnIds = functions.flatMap((f) => [`blast-${f.id()}`, `blast-${f.id()}-failure`]);
    const attempts: Record<string, (body: string) => Record<string, string>> = {
      unsigned: () => ({}),
      "signed with another key": (b) => ({ "x-inngest-signature": signBody(b, `signkey-prod-${"ab".repeat(32)}`) }),
      "replayed after the SDK's window (captured 6 minutes ago)": (b) => ({
        "x-inngest-signature": signBody(b, h.env.INNGEST_SIGNING_KEY, Date.now() - 6 * 60_000),
      }),
      "replayed within the window (the same signature again)": (b) => {
        const signature = signBody(b, h.env.INNGEST_SIGNING_KEY);
        expect(engineCallGuard.admit(signature)).toBe(true); // the engine's own call was served once
        return { "x-inngest-signature": signature };
      },
    };

    it("control: a fresh call signed with the key gets past the signature check", async () => {
      const POST = (modules.get("app/api/inngest/route.ts") as { POST: Fn }).POST;
      const payload = attackBody("blast-no-such-function");
      const headers = {
        "content-type": "application/json",
        "x-inngest-server-kind": "cloud",
        "x-inngest-signature": signBody(payload, h.env.INNGEST_SIGNING_KEY),
      };
      const res = (await POST(
        req("/api/inngest?fnId=blast-no-such-function&stepId=step", { method: "POST", body: payload, headers }),
      )) as Response;
      expect(res.status).not.toBe(401);
      expect(await res.text()).toMatch(/was not found in this app/);
    });

    it.each(Object.keys(attempts))("%s: refused by every function, nothing read, sent, settled or refunded", async (attempt) => {
      const POST = (modules.get("app/api/inngest/route.ts") as { POST: Fn }).POST;
      const before = await snapshotB(h.db, w);
      const answers: string[] = [];
      for (const fnId of fnIds) {
        const payload = attackBody(fnId);
        const headers = { "content-type": "application/json", "x-inngest-server-kind": "cloud", ...attempts[attempt](payload) };
        const res = (await POST(req(`/api/inngest?fnId=${fnId}&stepId=step`, { method: "POST", body: payload, headers }))) as Response;
        const text = await res.text();
        answers.push(text);
        expect(res.status, `${fnId}: ${text.slice(0, 200)}`).toBe(401);
      }
      expect(leaks(answers)).toEqual([]);
      expect(answers.join("\n")).not.toMatch(/bob@cust-b\.test|victim@elsewhere/);
      expect(h.sent).toEqual([]);
      expect(await snapshotB(h.db, w)).toBe(before);
    });
  });

  it.each(Object.keys(CASES))("%s: refuses B's ids, leaks nothing of B, changes nothing of B", async (key) => {
    const [modFile, name] = key.split("#");
    const fn = modules.get(modFile)?.[name] as Fn | undefined;
    if (!fn) return; // reported by the coverage test
    const testCase = CASES[key];
    const answers: unknown[] = [];
    const call = async (...args: unknown[]) => {
      // call(input, "owner") for tenant actions; call(prevState, form) for useActionState actions.
      const last = args[args.length - 1];
      if (last === "owner" || last === "agent") {
        await signInAs(last);
        args = args.slice(0, -1);
      }
      const result = await fn(...args);
      answers.push(result);
      return result;
    };
    const wrappedFn: Fn = async (...args) => {
      const res = (await fn(...args)) as unknown;
      if (res instanceof Response) answers.push(await res.clone().text());
      return res;
    };
    const before = await snapshotB(h.db, w);
    await testCase.run({ db: h.db, w, call, fn: wrappedFn });
    expect(leaks(answers), `${key} answered with B's data`).toEqual([]);
    expect(await snapshotB(h.db, w), `${key} changed B's data`).toBe(before);
  });
});

afterAll(() => {
  for (const [k, v] of Object.entries(h.saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});
