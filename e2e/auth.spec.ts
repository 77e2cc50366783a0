import { test, expect } from "./fixtures";

test("an agent signs in and sees the agency, its credit and the navigation", async ({ page, agency, signIn }) => {
  await signIn(page, agency);
  await expect(page).toHaveURL(/\/blasts$/);
  await expect(page.getByTestId("credit-balance")).toHaveText("500 credits");
  await expect(page.getByTestId("agent-name")).toHaveText(agency.name);
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const item of ["Blasts", "Customers", "Activity", "Templates", "Settings"]) {
    await expect(nav.getByRole("link", { name: item })).toBeVisible();
  }
  await page.screenshot({ path: "test-results/screenshots/dashboard.png", fullPage: true });
});

test("a wrong password shows an error on the form and does not sign in", async ({ page, agency }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(agency.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("login-error")).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByLabel("Email")).toHaveValue(agency.email);
  await page.screenshot({ path: "test-results/screenshots/login-error.png" });
});

test("repeated failed sign-ins are slowed down", async ({ page, agency }) => {
  await page.goto("/login");
  const submit = page.getByRole("button", { name: "Sign in", exact: true });
  for (let i = 0; i < 6; i++) {
    await page.getByLabel("Email").fill(agency.email);
    await page.getByLabel("Password").fill(`wrong-${i}`);
    await submit.click();
    await expect(page.getByTestId("login-error")).toBeVisible();
    await expect(submit).toBeEnabled(); // the answer to this attempt has arrived
  }
  await expect(page.getByTestId("login-error")).toContainText("Too many failed sign-ins");
  // Even the right password is refused while the lock lasts.
  await page.getByLabel("Password").fill(agency.password);
  await submit.click();
  await expect(submit).toBeEnabled();
  await expect(page.getByTestId("login-error")).toContainText("Too many failed sign-ins");
  await expect(page).toHaveURL(/\/login/);
});

test("an anonymous visitor of a dashboard page is sent to sign in", async ({ page }) => {
  for (const path of ["/blasts", "/customers", "/settings"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  }
});

test("signing out ends the session, and the old session cookie no longer works", async ({ page, agency, signIn, context }) => {
  await signIn(page, agency);
  const cookies = await context.cookies();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/customers");
  await expect(page).toHaveURL(/\/login/);
  // Replaying the cookie captured before sign-out must not bring the session back.
  await context.addCookies(cookies);
  await page.goto("/customers");
  await expect(page).toHaveURL(/\/login/);
});

test("signing in works at both local addresses the server answers on (localhost and 127.0.0.1)", async ({ browser, agency, baseURL }) => {
  const port = new URL(baseURL!).port;
  for (const host of ["localhost", "127.0.0.1"]) {
    const context = await browser.newContext({ baseURL: `http://${host}:${port}` });
    const page = await context.newPage();
    await page.goto("/customers");
    await expect(page).toHaveURL(new RegExp(`^http://${host.replace(/\./g, "\\.")}:${port}/login`));
    await page.getByLabel("Email").fill(agency.email);
    await page.getByLabel("Password").fill(agency.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    // Back where the visitor was going, on the same address, signed in.
    await expect(page).toHaveURL(new RegExp(`^http://${host.replace(/\./g, "\\.")}:${port}/customers$`));
    await expect(page.getByTestId("account-name")).toHaveText(agency.accountName);
    await context.close();
  }
});

test("a browser that drops the session cookie is told so instead of being shown the form again", async ({ page }) => {
  // A successful sign-in lands on /login?signed-in=1 once (see the test above): a browser that did not
  // keep the cookie (blocked cookies, another host) arrives there without a session.
  await page.goto("/login?signed-in=1&callbackUrl=%2Fcustomers");
  await expect(page.getByTestId("login-cookie-error")).toContainText("did not keep the session cookie");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
});
