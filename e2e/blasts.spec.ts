import { test, expect, type Agency } from "./fixtures";
import { E2E_SEED_TOKEN } from "../playwright.config";
import type { APIRequestContext, Page } from "@playwright/test";

// The local Resend sink's test API (port = E2E_PORT + 25, see playwright.config.ts).
const SINK = `http://127.0.0.1:${Number(process.env.E2E_PORT || 3100) + 25}`;
// Seeded agencies use the schema default zone.
const TZ = "America/New_York";

type SinkEmail = {
  id: string;
  to: string[];
  subject: string;
  tags: { name: string; value: string }[] | null;
  idempotency_key: string | null;
};

async function sinkEmails(request: APIRequestContext): Promise<SinkEmail[]> {
  const res = await request.get(`${SINK}/_sink/emails`);
  expect(res.ok()).toBeTruthy();
  return ((await res.json()) as { data: SinkEmail[] }).data;
}
const ofBlast = (emails: SinkEmail[], blastId: string) =>
  emails.filter((e) => e.tags?.some((t) => t.name === "blast" && t.value === blastId));

/** The wall clock in the agency's zone, `minutes` from now: {date: "YYYY-MM-DD", time: "HH:MM"}. */
function zonedWallClock(minutes: number): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: TZ,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    })
      .formatToParts(new Date(Date.now() + minutes * 60_000))
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

async function openComposer(page: Page, agency: Agency, signIn: (p: Page, a: Agency) => Promise<void>) {
  await signIn(page, agency);
  await page.goto("/blasts/new");
  await expect(page.getByRole("heading", { name: "New blast" })).toBeVisible();
}

test("compose a blast to all active customers, test-send it, send it and watch it complete", async ({ page, agency, signIn, request }) => {
  // The tables (recipients, blasts, customers, activity) render in the browser from data the server wrote
  // out (times in the agency's zone): React reports a page whose HTML does not match what the browser renders.
  const hydrationErrors: string[] = [];
  const onReactError = (text: string) => /hydrat|Minified React error #(418|423|425)/i.test(text) && hydrationErrors.push(text);
  page.on("console", (m) => m.type() === "error" && onReactError(m.text()));
  page.on("pageerror", (e) => onReactError(e.message));
  await signIn(page, agency);
  await expect(page.getByTestId("empty-state")).toContainText("No blasts yet");
  await page.getByRole("link", { name: "Compose your first blast" }).click();
  await expect(page).toHaveURL(/\/blasts\/new$/);

  // 20 seeded customers: 1 inactive, 1 opted out → 19 selected, 18 eligible (cost 18 credits).
  await expect(page.getByTestId("eligible-count")).toHaveText("18");
  await expect(page.getByTestId("credit-cost")).toHaveText("18 credits");
  await expect(page.getByTestId("recipient-count")).toContainText("1 opted out");

  // Picking a template fills its default subject.
  await page.getByRole("radio", { name: "Disaster claims support" }).check();
  await expect(page.getByLabel("Subject")).toHaveValue("We're here to help you file your claim");
  await expect(page.getByRole("checkbox", { name: /Urgent/ })).toBeChecked();
  await page.getByRole("radio", { name: "Office hours / announcement" }).check();
  await expect(page.getByLabel("Subject")).toHaveValue("An update from your insurance agency");
  await expect(page.getByRole("checkbox", { name: /Urgent/ })).not.toBeChecked();

  const subject = `Office closed Monday ${Date.now()}`;
  await page.getByLabel("Subject").fill(subject);
  await page.getByLabel("Your message (optional)").fill("Our office is closed on Monday.\n\nCall us on Tuesday.");
  // The live preview: the first eligible customer's email, rendered on the server, in a sandboxed iframe.
  await expect(page.getByTestId("preview-subject")).toHaveText(subject);
  const frame = page.frameLocator('[data-testid="preview-frame"]');
  await expect(frame.getByText("Our office is closed on Monday.")).toBeVisible();
  await expect(page.getByTestId("preview-frame")).toHaveAttribute("sandbox", "");

  // A test send to the agent's own address, subject prefixed "[Test]".
  await page.getByTestId("test-send").click();
  await expect(page.getByTestId("flash").filter({ hasText: `Test email sent to ${agency.email}` })).toBeVisible();
  const tests = (await sinkEmails(request)).filter((e) => e.to.includes(agency.email));
  expect(tests.map((e) => e.subject)).toEqual([`[Test] ${subject}`]);
  expect(tests[0].idempotency_key).toMatch(/^test:/);

  await page.screenshot({ path: "test-results/screenshots/blast-composer.png", fullPage: true });

  // Confirm step states the recipients and the credits.
  await page.getByTestId("review-send").click();
  const dialog = page.getByTestId("confirm-dialog");
  await expect(dialog.getByRole("heading")).toHaveText("Send to 18 customers now?");
  await expect(dialog).toContainText("Uses 18 credits.");
  const clickedAt = Date.now();
  await dialog.getByRole("button", { name: "Send now" }).click();

  await expect(page).toHaveURL(/\/blasts\/c[a-z0-9]+$/);
  const onPageAt = Date.now();
  const blastId = page.url().split("/").pop()!;
  await expect(page.getByRole("heading", { name: subject })).toBeVisible();
  // Live progress, no reload: the page polls until the blast is final.
  await expect(page.getByTestId("progress-percent")).toHaveText("100%", { timeout: 90_000 });
  test.info().annotations.push({
    type: "timing",
    description: `confirm → blast page ${onPageAt - clickedAt} ms; confirm → 100% ${Date.now() - clickedAt} ms`,
  });
  console.log(`[timing] confirm → blast page ${onPageAt - clickedAt} ms; confirm → 100% ${Date.now() - clickedAt} ms`);
  await expect(page.getByTestId("blast-live").getByTestId("blast-status")).toHaveAttribute("data-status", "COMPLETED");
  await expect(page.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");

  const total = Number(await page.getByTestId("count-total").textContent());
  const sent = Number(await page.getByTestId("count-sent").textContent());
  const skipped = Number(await page.getByTestId("count-skipped").textContent());
  expect(total).toBe(19);
  // Skipped = the opted-out customer (not eligible) + invalid addresses found at send time (2 in the seed).
  const invalidSkipped = skipped - (total - 18);
  expect(invalidSkipped).toBe(2);
  expect(sent).toBe(18 - invalidSkipped);
  await expect(page.getByTestId("count-failed")).toHaveText("0");
  await expect(page.getByTestId("count-pending")).toHaveText("0");

  // The sink got exactly one email per sent recipient.
  const delivered = ofBlast(await sinkEmails(request), blastId);
  expect(delivered).toHaveLength(sent);
  expect(new Set(delivered.map((e) => e.to[0])).size).toBe(sent);
  expect(delivered.every((e) => e.subject === subject)).toBeTruthy();

  // The per-recipient table, filtered by status.
  await expect(page.getByTestId("delivery-row")).toHaveCount(19);
  await page
    .getByTestId("delivery-filter")
    .getByRole("link", { name: /^Skipped/ })
    .click();
  await expect(page).toHaveURL(/status=skipped/);
  await expect(page.getByTestId("delivery-row")).toHaveCount(skipped);
  await expect(page.getByTestId("delivery-table")).toContainText("opted out");
  await page.getByTestId("delivery-filter").getByRole("link", { name: /^Sent/ }).click();
  await expect(page.getByTestId("delivery-row")).toHaveCount(sent);
  await page.getByTestId("delivery-filter").getByRole("link", { name: /^All/ }).click();
  await expect(page.getByTestId("delivery-row")).toHaveCount(19);

  // Delivery reports: the sink reports each email delivered a moment after sending; the page keeps polling
  // for them. A later spam complaint outranks the delivery and shows up in the outcome filter.
  await expect(page.getByTestId("count-delivered")).toHaveText(String(sent), { timeout: 30_000 });
  await expect(page.getByTestId("rate-delivered")).toHaveText("100% of sent");
  const complaint = await request.post(`${SINK}/_sink/emails/${delivered[0].id}/events`, { data: { type: "email.complained" } });
  expect(complaint.ok()).toBeTruthy();
  // The page reads the blast's counters, then its recipients: a report landing between the two reads
  // shows in the table first and in the counters on the next load (a finished blast with every report in
  // no longer polls), so load until both show it.
  await expect(async () => {
    await page.goto(`/blasts/${blastId}?outcome=complained`);
    await expect(page.getByTestId("delivery-row")).toHaveCount(1, { timeout: 1000 });
    await expect(page.getByTestId("count-complained")).toHaveText("1", { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByTestId("delivery-row")).toHaveAttribute("data-outcome", "COMPLAINED");
  await expect(page.getByTestId("count-delivered")).toHaveText(String(sent - 1));
  await expect(page.getByTestId("outcome-filter").getByRole("link", { name: /^Complained/ })).toHaveAttribute("aria-current", "page");
  // The customer's own page shows the same outcome in their email history.
  await page.getByTestId("delivery-row").getByRole("link").first().click();
  await expect(page.getByTestId("customer-email-row")).toHaveAttribute("data-outcome", "COMPLAINED");
  await expect(page.getByTestId("customer-emails")).toContainText("Marked as spam");
  await page.screenshot({ path: "test-results/screenshots/customer-emails.png", fullPage: true });
  await page.goBack();
  await page.getByTestId("delivery-filter").getByRole("link", { name: /^All/ }).click();
  await expect(page.getByTestId("delivery-row")).toHaveCount(19);
  // Credit: 500 − sent (skipped ones refunded).
  await page.reload();
  await expect(page.getByTestId("credit-balance")).toHaveText(`${500 - sent} credits`);
  await page.screenshot({ path: "test-results/screenshots/blast-page.png", fullPage: true });

  await page.getByRole("link", { name: "← All blasts" }).click();
  const row = page.getByTestId("blast-row").filter({ hasText: subject });
  await expect(row).toContainText("Completed");
  await expect(row).toContainText("Blast");
  await page.screenshot({ path: "test-results/screenshots/blast-list.png", fullPage: true });
  await page.goto("/customers");
  await expect(page.getByTestId("customer-table").getByRole("row")).toHaveCount(21); // a header and 20 customers
  await page.goto("/activity");
  await expect(page.getByTestId("activity-type").first()).toBeVisible();
  expect(hydrationErrors).toEqual([]);
});

test("schedule a blast with the date picker, refuse a past time, then cancel it: nothing sent, credit back", async ({
  page,
  agency,
  signIn,
  request,
}) => {
  await openComposer(page, agency, signIn);
  const subject = `Holiday hours ${Date.now()}`;
  await page.getByRole("radio", { name: "Holiday greeting" }).check();
  await page.getByLabel("Subject").fill(subject);
  await page.getByRole("radio", { name: "Schedule for later" }).check();
  await expect(page.getByTestId("schedule-zone")).toContainText(TZ);

  const target = zonedWallClock(5);
  const picker = page.getByTestId("schedule-picker");
  // Keyboard: the calendar's days are buttons; pick the day, then type the time.
  const day = picker.locator(`[data-day="${target.date}"] button`);
  if (!(await day.isVisible())) await picker.getByRole("button", { name: /next month/i }).click();
  await day.focus();
  await page.keyboard.press("Enter");
  await expect(picker.locator(`[data-day="${target.date}"]`)).toHaveAttribute("data-selected", "true");

  // A time already past is refused with a clear message (when today still has a past minute).
  const past = zonedWallClock(-2);
  if (past.date === target.date) {
    await page.getByLabel("Time").fill(past.time);
    await expect(page.getByTestId("schedule-error")).toHaveText("That time has passed. Pick a time in the future.");
    await page.getByTestId("review-send").click();
    await expect(page.getByTestId("form-error")).toBeVisible();
    await expect(page.getByTestId("confirm-dialog")).not.toBeVisible();
  }

  await page.getByLabel("Time").fill(target.time);
  await expect(page.getByTestId("schedule-summary")).toContainText(/Sends .* (EST|EDT)/);
  await page.screenshot({ path: "test-results/screenshots/blast-composer-schedule.png", fullPage: true });
  await page.getByTestId("review-send").click();
  const dialog = page.getByTestId("confirm-dialog");
  await expect(dialog.getByRole("heading")).toContainText("Schedule for");
  await expect(dialog.getByRole("heading")).toContainText("to 18 customers?");
  await dialog.getByRole("button", { name: "Schedule blast" }).click();

  await expect(page).toHaveURL(/\/blasts\/c[a-z0-9]+$/);
  const blastId = page.url().split("/").pop()!;
  const live = page.getByTestId("blast-live");
  await expect(live.getByTestId("blast-status")).toHaveAttribute("data-status", "SCHEDULED");
  await expect(page.getByTestId("scheduled-for")).toContainText(/(EST|EDT)/);
  await expect(page.getByTestId("credit-balance")).toHaveText("500 credits");
  await page.screenshot({ path: "test-results/screenshots/blast-scheduled.png", fullPage: true });

  await live.getByRole("button", { name: "Cancel blast" }).click();
  const confirm = page.getByTestId("confirm-dialog").filter({ hasText: "Cancel this blast?" });
  await expect(confirm).toBeVisible();
  await confirm.getByRole("button", { name: "Cancel blast" }).click();
  await expect(page.getByTestId("flash").filter({ hasText: "Blast cancelled" })).toBeVisible();
  await expect(live.getByTestId("blast-status")).toHaveAttribute("data-status", "CANCELLED");
  await expect(live.getByRole("button", { name: "Cancel blast" })).toHaveCount(0);

  await page.reload();
  await expect(page.getByTestId("credit-balance")).toHaveText("500 credits");
  await expect(page.getByTestId("count-sent")).toHaveText("0");
  expect(ofBlast(await sinkEmails(request), blastId)).toHaveLength(0);
  await page.goto("/blasts");
  await expect(page.getByTestId("blast-row").filter({ hasText: subject })).toContainText("Cancelled");
});

test("review goes on with the count the page showed, and waits for a recount only when the recipients changed", async ({
  page,
  agency,
  signIn,
}) => {
  // The composer's recount (a server action whose arguments are the selection alone; the preview's name a
  // template too) is held here until released, so the test does not depend on how fast it answers.
  let release = () => {};
  let held = 0;
  const gate = () => new Promise<void>((resolve) => (release = resolve));
  let open = gate();
  await page.route("**/blasts/new", async (route) => {
    const req = route.request();
    if (req.method() === "POST" && req.headers()["next-action"] && !(req.postData() ?? "").includes("templateKey")) {
      held++;
      await open;
    }
    await route.continue();
  });
  await openComposer(page, agency, signIn);
  await page.getByLabel("Subject").fill("Office closed Monday");
  await expect.poll(() => held).toBe(1);
  // The first recount of "all active customers" is still out: the page's own count stands.
  await expect(page.getByTestId("eligible-count")).toHaveText("18");
  await page.getByTestId("review-send").click();
  await expect(page.getByTestId("confirm-dialog").getByRole("heading")).toHaveText("Send to 18 customers now?");
  await expect(page.getByTestId("recipient-count")).not.toContainText("updating");
  await page.getByTestId("confirm-dialog").getByRole("button", { name: "Go back" }).click();
  release();

  // Other recipients: their count is not known until its recount answers.
  open = gate();
  await page.getByRole("radio", { name: "Customers with tags" }).check();
  await page.getByRole("checkbox", { name: "home" }).check();
  await expect.poll(() => held).toBe(2);
  await page.getByTestId("review-send").click();
  await expect(page.getByText("Still counting recipients — try again in a second.")).toBeVisible();
  await expect(page.getByTestId("confirm-dialog")).not.toBeVisible();
  release();
  await expect(page.getByTestId("recipient-count")).not.toContainText(/updating|Counting/);
  await page.getByTestId("review-send").click();
  await expect(page.getByTestId("confirm-dialog").getByRole("heading")).toHaveText(/^Send to \d+ customers? now\?$/);
});

test("recipients by hand and by tag are counted; too little credit is refused before sending", async ({ page, signIn, request }) => {
  const res = await request.post("/api/testing/seed", {
    headers: { authorization: `Bearer ${E2E_SEED_TOKEN}` },
    data: { customers: 20, credit: 5 },
  });
  expect(res.ok()).toBeTruthy();
  await openComposer(page, (await res.json()) as Agency, signIn);
  await expect(page.getByTestId("credit-warning")).toContainText("Not enough credit: this needs 18 credits and you have 5.");

  await page.getByRole("radio", { name: "Hand-picked customers" }).check();
  const picker = page.getByTestId("customer-picker");
  await picker.getByLabel("Find customers").fill("garcia");
  await picker.getByRole("checkbox").first().check();
  await expect(page.getByTestId("picked-customers").getByRole("listitem")).toHaveCount(1);
  await expect(page.getByTestId("eligible-count")).toHaveText("1");
  await expect(page.getByTestId("credit-cost")).toHaveText("1 credit");
  await expect(page.getByTestId("credit-warning")).toHaveCount(0);

  await page.getByRole("radio", { name: "Customers with tags" }).check();
  await page.getByRole("checkbox", { name: "home" }).check();
  await page.getByRole("checkbox", { name: "auto" }).check();
  await expect(page.getByTestId("credit-warning")).toBeVisible();
  await page.getByTestId("review-send").click();
  await expect(page.getByTestId("selection-error")).toContainText("Not enough credit");
  await expect(page.getByTestId("confirm-dialog")).not.toBeVisible();

  await page.getByLabel("Subject").fill("");
  await page.getByTestId("review-send").click();
  await expect(page.getByText("Enter a subject.", { exact: true })).toBeVisible();
});

test("another agency's blast is not found", async ({ page, agency, signIn, request, browser }) => {
  // A second agency, in its own browser context, schedules a blast of its own (so nothing is sent).
  const seeded = await request.post("/api/testing/seed", {
    headers: { authorization: `Bearer ${E2E_SEED_TOKEN}` },
    data: { customers: 2, credit: 10 },
  });
  const other = (await seeded.json()) as Agency;
  const otherContext = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const otherPage = await otherContext.newPage();
  await signIn(otherPage, other);
  await otherPage.goto("/blasts/new");
  await otherPage.getByLabel("Subject").fill("Not for other agencies");
  await otherPage.getByRole("radio", { name: "Schedule for later" }).check();
  const later = zonedWallClock(24 * 60);
  const picker = otherPage.getByTestId("schedule-picker");
  if (!(await picker.locator(`[data-day="${later.date}"] button`).isVisible()))
    await picker.getByRole("button", { name: /next month/i }).click();
  await picker.locator(`[data-day="${later.date}"] button`).click();
  await otherPage.getByLabel("Time").fill("10:00");
  await otherPage.getByTestId("review-send").click();
  await otherPage.getByTestId("confirm-dialog").getByRole("button", { name: "Schedule blast" }).click();
  await expect(otherPage).toHaveURL(/\/blasts\/c[a-z0-9]+$/);
  const otherBlast = otherPage.url().split("/").pop()!;
  await otherContext.close();

  await signIn(page, agency);
  // The page streams (the dashboard has a loading state), so Next answers notFound() with its not-found
  // UI and a noindex tag rather than a 404 status; the progress route answers a plain 404.
  await page.goto(`/blasts/${otherBlast}`);
  await expect(page.getByText("Blast not found")).toBeVisible();
  await expect(page.getByText("Not for other agencies")).toHaveCount(0);
  const progress = await page.request.get(`/api/blasts/${otherBlast}/progress`);
  expect(progress.status()).toBe(404);
  expect(await progress.text()).not.toContain("SCHEDULED");
});
