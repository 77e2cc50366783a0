import fs from "node:fs";
import { test, expect } from "./fixtures";

test("filter the activity history and export it to CSV", async ({ page, agency, signIn }) => {
  await signIn(page, agency);
  // Make some history: a customer added, then changed.
  await page.goto("/customers/new");
  await page.getByLabel("First name").fill("=cmd|' /C calc'!A0");
  await page.getByLabel("Email").fill("formula@example.com");
  await page.getByRole("button", { name: "Add customer" }).click();
  await expect(page.getByTestId("customer-name")).toBeVisible();
  await page.getByRole("button", { name: "Mark opted out" }).click();
  await expect(page.getByRole("button", { name: "Clear opt-out" })).toBeVisible();

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Activity" }).click();
  const table = page.getByTestId("activity-table");
  await expect(table.getByTestId("activity-type")).toHaveText(["Customer unsubscribed", "Customer added"]);

  await page.getByLabel("Type").selectOption("customer.created");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(table.getByTestId("activity-type")).toHaveText(["Customer added"]);

  await page.getByRole("link", { name: "Clear" }).click();
  await expect(page).toHaveURL(/\/activity$/);
  await page.getByLabel("Customer email").fill("FORMULA@example.com");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(table.getByTestId("activity-type")).toHaveCount(2);

  const today = new Date().toISOString().slice(0, 10);
  await page.getByLabel("From").fill("2020-01-01");
  await page.getByLabel("To (inclusive)").fill("2020-01-31");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("empty-state")).toContainText("Nothing matches");
  await page.getByLabel("To (inclusive)").fill(new Date(Date.now() + 86_400_000 * 2).toISOString().slice(0, 10));
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(table.getByTestId("activity-type")).toHaveCount(2);
  expect(today).toMatch(/^\d{4}/);

  // Export what is on screen; the page polls and offers the download when it is ready.
  await page.getByRole("button", { name: "Export CSV" }).click();
  await expect(page.getByTestId("flash").first()).toContainText("Export started");
  const item = page.getByTestId("export-item").first();
  await expect(item).toHaveAttribute("data-status", "READY", { timeout: 45_000 });
  await expect(item).toContainText("2 rows");
  await page.screenshot({ path: "test-results/screenshots/activity.png", fullPage: true });
  const [download] = await Promise.all([page.waitForEvent("download"), item.getByRole("link", { name: "Download CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^activity-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = fs.readFileSync((await download.path())!, "utf8").replace(/^\ufeff/, "");
  const lines = csv.trim().split("\r\n");
  expect(lines[0]).toContain('"time_utc","type"');
  expect(lines).toHaveLength(3);
  expect(csv).toContain("customer.created");
  expect(csv).toContain(`"'=cmd|' /C calc'!A0"`);

  // The history records the export itself.
  await page.goto("/activity?type=activity.exported");
  await expect(table.getByTestId("activity-type")).toHaveText(["Activity exported"]);
});

test("an export of another agency cannot be downloaded", async ({ page, agency, signIn }) => {
  await signIn(page, agency);
  const res = await page.request.get("/api/exports/not-my-export");
  expect(res.status()).toBe(404);
  const anonymous = await page.context().browser()!.newContext();
  const res2 = await anonymous.request.get(new URL("/api/exports/x", page.url()).toString(), { maxRedirects: 0 });
  expect([401, 307, 302]).toContain(res2.status());
  await anonymous.close();
});
