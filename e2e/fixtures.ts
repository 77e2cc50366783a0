import { test as base, expect, type Page } from "@playwright/test";
import { E2E_SEED_TOKEN } from "../playwright.config";

export type Agency = { accountId: string; accountName: string; email: string; password: string; name: string };

/** Each test gets its own agency, seeded through the running app (the embedded database is the server's). */
export const test = base.extend<{ agency: Agency; signIn: (page: Page, agency: Agency) => Promise<void> }>({
  agency: async ({ request }, use) => {
    const res = await request.post("/api/testing/seed", {
      headers: { authorization: `Bearer ${E2E_SEED_TOKEN}` },
      data: { customers: 20, credit: 500 },
    });
    expect(res.ok(), await res.text()).toBeTruthy();
    await use(await res.json());
  },
  signIn: async ({}, use) => {
    await use(async (page, agency) => {
      await page.goto("/login");
      await page.getByLabel("Email").fill(agency.email);
      await page.getByLabel("Password").fill(agency.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByTestId("account-name")).toHaveText(agency.accountName);
    });
  },
});

/** Composes a blast to every active customer of a seeded agency (18 eligible by default) and sends it now; resolves on its page. */
export async function sendBlastToAll(page: Page, subject: string, eligible: string | RegExp = "18"): Promise<string> {
  await page.goto("/blasts/new");
  await page.getByLabel("Subject").fill(subject);
  await expect(page.getByTestId("eligible-count")).toHaveText(eligible);
  // While a recount is in flight the composer says "still counting — try again in a second": do that.
  await expect(async () => {
    await page.getByTestId("review-send").click();
    await expect(page.getByTestId("confirm-dialog")).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await page.getByTestId("confirm-dialog").getByRole("button", { name: "Send now" }).click();
  await expect(page).toHaveURL(/\/blasts\/c[a-z0-9]+$/);
  return page.url().split("/").pop()!;
}

export { expect };
