import { test, expect, sendBlastToAll, type Agency } from "./fixtures";
import { E2E_SEED_TOKEN } from "../playwright.config";

// The local Resend sink's test API (port = E2E_PORT + 25, see playwright.config.ts).
const SINK = `http://127.0.0.1:${Number(process.env.E2E_PORT || 3100) + 25}`;

// Plain fetch, not the test's request fixture: the gate must reopen even after a test timed out.
const counts = async () => (await (await fetch(`${SINK}/_sink/counts`)).json()) as { byRecipient: Record<string, number>; held: number };
const setFaults = (faults: object) =>
  fetch(`${SINK}/_sink/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(faults) });
test.afterEach(async () => {
  await setFaults({ holdAfter: -1 });
});

test("pause a sending blast, then resume it: every recipient gets it once", async ({ page, signIn, request }) => {
  test.setTimeout(180_000);
  // More recipients than the batches in flight (PROVIDER_CONCURRENCY 5 × PROVIDER_BATCH_SIZE 5, see
  // playwright.config.ts): when the pause lands, some are not yet claimed.
  const seeded = await request.post("/api/testing/seed", {
    headers: { authorization: `Bearer ${E2E_SEED_TOKEN}` },
    data: { customers: 60, credit: 500 },
  });
  expect(seeded.ok()).toBeTruthy();
  const agency = (await seeded.json()) as Agency;
  // The provider answers 3 requests, then holds the rest: the pause lands while the blast is mid-send.
  await setFaults({ holdAfter: 3 });
  try {
    await signIn(page, agency);
    await sendBlastToAll(page, `Paused blast ${Date.now()}`, /^[1-9]\d+$/);
    await expect.poll(async () => (await counts()).held, { timeout: 60_000 }).toBeGreaterThan(0);

    await page.getByRole("button", { name: "Pause" }).click();
    await expect(page.getByTestId("blast-live").getByTestId("blast-status")).toHaveAttribute("data-status", "PAUSED");
    await setFaults({ holdAfter: -1 }); // what was already at the provider finishes
    await expect(page.getByTestId("paused-note")).toContainText("recipients are waiting");
    // What was in flight settles; the recipients not yet claimed wait: the blast stays paused.
    await expect(page.getByTestId("count-pending")).not.toHaveText("0");
    await expect(page.getByRole("button", { name: "Resume" })).toBeVisible();
    await page.screenshot({ path: "test-results/screenshots/blast-paused.png", fullPage: true });

    await page.getByRole("button", { name: "Resume" }).click();
    await expect(page.getByTestId("progress-percent")).toHaveText("100%", { timeout: 90_000 });
    await expect(page.getByTestId("blast-live").getByTestId("blast-status")).toHaveAttribute("data-status", "COMPLETED");
    const sent = Number(await page.getByTestId("count-sent").textContent());
    expect(sent).toBeGreaterThan(3);
    // Seeded customers' addresses carry the agency's tag (owner-<tag>@…, name+<tag>@…).
    const tag = agency.email.replace(/^owner-(.+)@.*$/, "$1");
    const mine = Object.entries((await counts()).byRecipient).filter(([to]) => to.includes(`+${tag}@`));
    expect(mine).toHaveLength(sent);
    expect(mine.every(([, n]) => n === 1)).toBeTruthy();

    // Both show in the activity history.
    await page.goto("/activity?type=blast.paused");
    await expect(page.getByTestId("activity-table").getByText("Blast paused").first()).toBeVisible();
    await page.goto("/activity?type=blast.resumed");
    await expect(page.getByTestId("activity-table").getByText("Blast resumed").first()).toBeVisible();
  } finally {
    await setFaults({ holdAfter: -1 });
  }
});

test("watching a sending blast, the page follows it without prefetching every recipient's page", async ({ page, signIn, request }) => {
  test.setTimeout(120_000);
  const seeded = await request.post("/api/testing/seed", {
    headers: { authorization: `Bearer ${E2E_SEED_TOKEN}` },
    data: { customers: 40, credit: 500 },
  });
  expect(seeded.ok()).toBeTruthy();
  const agency = (await seeded.json()) as Agency;
  // Each refresh of the page by its live part used to make the browser prefetch every recipient's link
  // again: a server render per row, per refresh, per agent watching.
  const prefetched: string[] = [];
  const refreshes: string[] = [];
  page.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    if (r.headers()["next-router-prefetch"]) prefetched.push(path);
    else if (r.headers()["rsc"] && path.startsWith("/blasts/")) refreshes.push(path);
  });
  await setFaults({ holdAfter: 3 });
  try {
    await signIn(page, agency);
    const blastId = await sendBlastToAll(page, `Watched blast ${Date.now()}`, /^[1-9]\d+$/);
    await expect(page.getByTestId("delivery-row").first()).toBeVisible();
    await expect.poll(async () => (await counts()).held, { timeout: 60_000 }).toBeGreaterThan(0);
    await setFaults({ holdAfter: -1 });
    await expect(page.getByTestId("progress-percent")).toHaveText("100%", { timeout: 90_000 });
    // The recipient table was refreshed as the numbers moved...
    expect(refreshes.filter((p) => p === `/blasts/${blastId}`).length).toBeGreaterThan(0);
    // ...and no recipient's page was prefetched for it (the sidebar's few links may be).
    expect(prefetched.filter((p) => p.startsWith("/customers/"))).toEqual([]);
  } finally {
    await setFaults({ holdAfter: -1 });
  }
});
