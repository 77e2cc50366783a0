import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDb, seedAccountAndCustomer, truncateAll, type TestDb } from "@/lib/testing/pglite-db";
import { createUnsubscribeToken } from "./unsubscribe-token";
import { getUnsubscribeView, unsubscribeCustomer } from "./unsubscribe-customer";

const secret = "u".repeat(32);
let t: TestDb;

// The route handler and the server action read the process's db and env: point them at the test ones.
vi.mock("@/lib/db", () => ({ getDb: async () => t.db }));
vi.mock("@/lib/env", () => ({ getEnv: () => ({ UNSUBSCRIBE_SECRET: secret }), appUrl: () => "https://blast.test" }));

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());
beforeEach(() => truncateAll(t.pglite));

async function setup() {
  const a = await seedAccountAndCustomer(t.db, "maria.lopez@example.com");
  const token = createUnsubscribeToken(secret, { accountId: a.account.id, customerId: a.customer.id });
  return { ...a, token };
}
const customer = (id: string) => t.db.customer.findUniqueOrThrow({ where: { id } });
const activities = () => t.db.activity.findMany({ where: { type: "customer.unsubscribed" } });

describe("unsubscribe (lib)", () => {
  it("the view shows the agency and a masked address, and changes nothing", async () => {
    const { customer: c, token } = await setup();
    expect(await getUnsubscribeView({ db: t.db, secret, token })).toEqual({
      status: "subscribed",
      agencyName: "Harbor Mutual",
      maskedEmail: "m••••••z@e•••••e.com",
    });
    expect((await customer(c.id)).optedOutAt).toBeNull();
    expect(await activities()).toHaveLength(0);
  });

  it("confirming opts out once and logs one activity", async () => {
    const { customer: c, token } = await setup();
    expect(await unsubscribeCustomer({ db: t.db, secret, token, via: "page" })).toEqual({ ok: true, alreadyUnsubscribed: false });
    expect(await unsubscribeCustomer({ db: t.db, secret, token, via: "one-click" })).toEqual({ ok: true, alreadyUnsubscribed: true });
    expect((await customer(c.id)).optedOutAt).toBeInstanceOf(Date);
    const acts = await activities();
    expect(acts).toHaveLength(1);
    expect(acts[0]).toMatchObject({ customerId: c.id, detail: { via: "page" } });
    expect((await getUnsubscribeView({ db: t.db, secret, token })).status).toBe("unsubscribed");
    // No global suppression: opting out is per agency.
    expect(await t.db.suppression.count()).toBe(0);
  });

  it("a forged token, or one bound to another agency, is refused", async () => {
    const { account, customer: c } = await setup();
    const other = await t.db.account.create({ data: { name: "Other", senderName: "O", senderEmail: "o@o.test" } });
    const crossed = createUnsubscribeToken(secret, { accountId: other.id, customerId: c.id });
    expect(await unsubscribeCustomer({ db: t.db, secret, token: crossed, via: "page" })).toEqual({ ok: false, reason: "invalid" });
    const forged = createUnsubscribeToken("f".repeat(32), { accountId: account.id, customerId: c.id });
    expect(await unsubscribeCustomer({ db: t.db, secret, token: forged, via: "page" })).toEqual({ ok: false, reason: "invalid" });
    expect(await getUnsubscribeView({ db: t.db, secret, token: forged })).toEqual({ status: "invalid" });
    expect((await customer(c.id)).optedOutAt).toBeNull();
  });
});

describe("unsubscribe (routes)", () => {
  it("GET on the one-click URL redirects to the page and changes nothing; POST unsubscribes", async () => {
    const { POST, GET } = await import("@/app/api/unsubscribe/[token]/route");
    const { customer: c, token } = await setup();
    const params = Promise.resolve({ token });
    const get = await GET(new Request(`https://blast.test/api/unsubscribe/${token}`), { params });
    expect(get.status).toBe(303);
    expect(get.headers.get("location")).toBe(`https://blast.test/unsubscribe/${token}`);
    expect((await customer(c.id)).optedOutAt).toBeNull();

    const body = new URLSearchParams({ "List-Unsubscribe": "One-Click" });
    const post = await POST(new Request(`https://blast.test/api/unsubscribe/${token}`, { method: "POST", body }), { params });
    expect(post.status).toBe(200);
    expect((await customer(c.id)).optedOutAt).toBeInstanceOf(Date);
    expect((await activities())[0].detail).toEqual({ via: "one-click" });

    const bad = await POST(new Request("https://blast.test/api/unsubscribe/x.y", { method: "POST" }), {
      params: Promise.resolve({ token: "x.y" }),
    });
    expect(bad.status).toBe(404);
  });

  it("the page's confirm action unsubscribes and redirects back to the page", async () => {
    const { confirmUnsubscribe } = await import("@/app/unsubscribe/[token]/actions");
    const { customer: c, token } = await setup();
    await expect(confirmUnsubscribe(token)).rejects.toMatchObject({ digest: expect.stringContaining(`/unsubscribe/${token}`) });
    expect((await customer(c.id)).optedOutAt).toBeInstanceOf(Date);
  });

  it("the page renders the confirmation without leaking the address, and a bad token as invalid", async () => {
    const { renderToStaticMarkup } = await import("react-dom/server");
    const { default: UnsubscribePage } = await import("@/app/unsubscribe/[token]/page");
    const { customer: c, token } = await setup();
    const html = renderToStaticMarkup(await UnsubscribePage({ params: Promise.resolve({ token }) }));
    expect(html).toContain("Unsubscribe from Harbor Mutual?");
    expect(html).toContain("m••••••z@e•••••e.com");
    expect(html).not.toContain("maria.lopez");
    expect(html).not.toContain(c.id);
    expect((await customer(c.id)).optedOutAt).toBeNull();
    const invalid = renderToStaticMarkup(await UnsubscribePage({ params: Promise.resolve({ token: token.slice(0, -3) }) }));
    expect(invalid).toContain("This link is not valid");
    expect(invalid).not.toContain("Harbor");
  });
});
