import { test, expect } from "./fixtures";

test("an owner edits the agency's settings and sees the ledger and sending limits", async ({ page, agency, signIn }) => {
  await signIn(page, agency);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await expect(page.getByTestId("settings-credit")).toHaveText("500");
  await expect(page.getByTestId("ledger-table")).toContainText("Opening credit");
  await expect(page.getByTestId("ledger-table")).toContainText("+500");
  await expect(page.getByTestId("sending-limits")).toContainText("Recipients per minute for your agency");
  // The provider's limit in requests, as the provider counts it, and what it means in emails.
  await expect(page.getByTestId("sending-limits")).toContainText(/\d+ requests per second · up to [\d,]+ emails per second/);

  // A refused save keeps what was typed and says which field is wrong.
  await page.getByLabel("Sender name").fill("Typed before the error");
  await page.getByLabel("Postal address").fill("");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.locator("#postalAddress-error")).toContainText("Enter your postal address");
  await expect(page.getByTestId("form-error")).toHaveText("Check the highlighted fields.");
  await expect(page.getByLabel("Sender name")).toHaveValue("Typed before the error");

  await page.getByLabel("Agency name").fill(`${agency.accountName} & Sons`);
  await page.getByLabel("Sender name").fill("Dana at the agency");
  await page.getByLabel("Reply-to address").fill("office@agency.test");
  await page.getByLabel("Postal address").fill("9 Harbor Street, Portland, ME 04101");
  await page.getByLabel("Time zone").selectOption("America/Chicago");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByTestId("flash").first()).toContainText("Settings saved.");
  await expect(page.getByTestId("account-name")).toHaveText(`${agency.accountName} & Sons`);
  await expect(page.getByLabel("Time zone")).toHaveValue("America/Chicago");
  await page.screenshot({ path: "test-results/screenshots/settings.png", fullPage: true });

  await page.reload();
  await expect(page.getByLabel("Sender name")).toHaveValue("Dana at the agency");
  await expect(page.getByLabel("Time zone")).toHaveValue("America/Chicago");
  await expect(page.getByLabel("Postal address")).toHaveValue("9 Harbor Street, Portland, ME 04101");
});
