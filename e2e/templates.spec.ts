import { test, expect } from "./fixtures";

test("preview a template as a chosen customer, as HTML and plain text", async ({ page, agency, signIn }) => {
  await signIn(page, agency);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Templates" }).click();
  const frame = page.frameLocator('[data-testid="preview-frame"]');
  await expect(frame.getByText("Maria", { exact: false }).first()).toBeVisible();

  await page.getByTestId("template-disaster-claims").click();
  await expect(page.getByLabel("Subject")).toHaveValue("We're here to help you file your claim");
  await page.getByLabel("Find a customer").fill("priya");
  const option = page.getByLabel("Preview as").locator("option", { hasText: "Priya" });
  await expect(option).toHaveCount(1);
  await page.getByLabel("Preview as").selectOption({ label: (await option.textContent())! });
  await page.getByLabel("Custom message").fill("Our claims desk is open all weekend.");
  await expect(page.getByTestId("preview-to")).toContainText("priya");
  await expect(frame.getByText("Our claims desk is open all weekend.")).toBeVisible();
  await expect(frame.getByText("Priya", { exact: false }).first()).toBeVisible();
  await expect(page.getByTestId("preview-subject")).toHaveText("We're here to help you file your claim");
  await page.screenshot({ path: "test-results/screenshots/templates.png", fullPage: true });

  await page.getByRole("tab", { name: "Plain text" }).click();
  await expect(page.getByTestId("preview-text")).toContainText("Our claims desk is open all weekend.");
  await expect(page.getByTestId("preview-text")).toContainText("Priya");
  // Keyboard: arrow back to the HTML tab.
  await page.getByRole("tab", { name: "Plain text" }).press("ArrowLeft");
  await expect(page.getByRole("tab", { name: "HTML" })).toHaveAttribute("aria-selected", "true");
});
