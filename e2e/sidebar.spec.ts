import { test, expect, sendBlastToAll } from "./fixtures";

test("the sidebar's credit balance follows a blast's reservations and refunds without a reload", async ({ page, agency, signIn }) => {
  test.setTimeout(120_000);
  await signIn(page, agency);
  await expect(page.getByTestId("credit-balance")).toHaveText("500 credits");
  await sendBlastToAll(page, `Balance check ${Date.now()}`);
  await expect(page.getByTestId("progress-percent")).toHaveText("100%", { timeout: 90_000 });
  // One credit per email sent; what was skipped at send time (invalid addresses) was refunded.
  const sent = Number(await page.getByTestId("count-sent").textContent());
  expect(sent).toBeGreaterThan(0);
  await expect(page.getByTestId("credit-balance")).toHaveText(`${500 - sent} credits`);
});
