import { test, expect } from "./fixtures";

test("search and filter the customer list", async ({ page, agency, signIn }) => {
  await signIn(page, agency);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Customers" }).click();
  const table = page.getByTestId("customer-table");
  await expect(table.locator("tbody tr")).toHaveCount(20);
  await expect(page.getByText("20 customers in your agency")).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/customers.png", fullPage: true });

  await page.getByLabel("Search").fill("priya");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await expect(table).toContainText("Priya Garcia");
  await expect(page).toHaveURL(/q=priya/);

  await page.getByRole("link", { name: "Clear" }).click();
  await expect(page).toHaveURL(/\/customers$/);
  await page.getByLabel("Status").selectOption("INACTIVE");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await expect(table).toContainText("Chen Garcia");

  await page.getByLabel("Search").fill("nobody-by-this-name");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("empty-state")).toContainText("No customer matches");

  // On a phone the list stays usable (the table scrolls sideways, the filters stack).
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/customers");
  await expect(table.locator("tbody tr")).toHaveCount(20);
  await page.screenshot({ path: "test-results/screenshots/customers-mobile.png" });
});

test("add a customer, edit them, refuse a duplicate address, deactivate", async ({ page, agency, signIn }) => {
  await signIn(page, agency);
  await page.goto("/customers/new");
  await page.getByLabel("First name").fill("Kept");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByRole("button", { name: "Add customer" }).click();
  await expect(page.locator("#email-error")).toHaveText("Enter a valid email address, like name@example.com");
  await expect(page.getByLabel("First name")).toHaveValue("Kept");

  await page.getByLabel("First name").fill("Rosa");
  await page.getByLabel("Last name").fill("Delgado");
  await page.getByLabel("Email").fill("Rosa.Delgado@Example.com");
  await page.getByLabel("Tags").fill("Auto, flood zone");
  await page.getByRole("button", { name: "Add customer" }).click();
  await expect(page.getByTestId("customer-name")).toHaveText("Rosa Delgado");
  await expect(page.getByTestId("flash").first()).toContainText("added");
  await expect(page.getByTestId("customer-tags")).toHaveText("auto, flood-zone");

  await page.getByRole("button", { name: "Edit" }).click();
  await page.getByLabel("Last name").fill("Delgado-Ruiz");
  await page.getByLabel("Tags").fill("auto, home");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("customer-name")).toHaveText("Rosa Delgado-Ruiz");
  await expect(page.getByTestId("customer-tags")).toHaveText("auto, home");
  await expect(page.getByTestId("activity-table")).toContainText("Customer updated");

  await page.getByRole("button", { name: "Deactivate" }).click();
  await expect(page.getByRole("button", { name: "Reactivate" })).toBeVisible();
  await expect(page.getByTestId("send-unavailable")).toContainText("inactive");
  await page.getByRole("button", { name: "Reactivate" }).click();
  await expect(page.getByRole("button", { name: "Deactivate" })).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/customer-page.png", fullPage: true });

  // The same address, typed differently, is refused with a clear message.
  await page.goto("/customers/new");
  await page.getByLabel("Email").fill(" ROSA.delgado@example.com");
  await page.getByRole("button", { name: "Add customer" }).click();
  await expect(page.getByTestId("form-error")).toContainText("Another customer already uses");
});

test("import a CSV with bad rows: preview, report, merge", async ({ page, agency, signIn }) => {
  await signIn(page, agency);
  await page.goto("/customers");
  const existing = (await page.getByTestId("customer-table").locator("tbody tr").first().locator("td").nth(1).textContent())!.trim();
  await page.goto("/customers/import");
  const csv = [
    "Email,First Name,Last Name,Tags",
    "new.one@example.com,New,One,auto",
    "new.two@example.com,New,Two,home;life",
    "not-an-email,Bad,Address,",
    ",Missing,Email,",
    "NEW.ONE@example.com,Again,One,",
    `${existing},,,vip`,
  ].join("\n");
  await page.getByLabel("CSV file").setInputFiles({ name: "customers.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByTestId("import-preview");
  await expect(preview.getByTestId("count-new")).toHaveText("2");
  await expect(preview.getByTestId("count-already")).toHaveText("1");
  await expect(preview.getByTestId("count-rows")).toHaveText("3");
  const rejected = preview.getByTestId("rejected-rows");
  await expect(rejected).toContainText("Not a valid email address");
  await expect(rejected).toContainText("Missing email");
  await expect(rejected).toContainText("Duplicate in file: same email as row 2");
  await page.screenshot({ path: "test-results/screenshots/customer-import-preview.png", fullPage: true });

  await page.getByRole("button", { name: "Import 3 customers" }).click();
  const report = page.getByTestId("import-report");
  await expect(report.getByTestId("count-added")).toHaveText("2");
  await expect(report.getByTestId("count-updated")).toHaveText("1");
  await expect(report.getByTestId("count-skipped")).toHaveText("3");
  await expect(page.getByTestId("flash").first()).toContainText("Import finished");
  await page.screenshot({ path: "test-results/screenshots/customer-import-report.png", fullPage: true });

  await page.getByRole("link", { name: "See customers" }).click();
  await expect(page.getByText("22 customers in your agency")).toBeVisible();
  await page.getByLabel("Tag").selectOption("vip");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("customer-table").locator("tbody tr")).toHaveCount(1);

  // A broken file is refused as a whole.
  await page.goto("/customers/import");
  await page.getByLabel("CSV file").setInputFiles({
    name: "broken.csv",
    mimeType: "text/csv",
    buffer: Buffer.from('email,name\nok@example.com,Ok\n"broken@example.com,Never closed'),
  });
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByTestId("form-error")).toContainText("never closed");
});

test("send an email from a customer's page", async ({ page, agency, signIn }) => {
  await signIn(page, agency);
  await page.goto("/customers?q=maria");
  await page.getByTestId("customer-table").getByRole("link").first().click();
  await expect(page.getByTestId("customer-name")).toContainText("Maria");
  await page.getByLabel("Template").selectOption({ label: "Office hours / announcement" });
  await expect(page.getByLabel("Subject")).toHaveValue("An update from your insurance agency");
  await page.getByLabel("Your message").fill("We are open late on Thursday.");
  await page.getByRole("button", { name: "Send email" }).click();
  await expect(page.getByTestId("flash").first()).toContainText("Email queued");
});
