import { test, expect } from "./fixtures";
import type { APIRequestContext, Page } from "@playwright/test";

// The local Resend sink's test API (port = E2E_PORT + 25, see playwright.config.ts).
const SINK = `http://127.0.0.1:${Number(process.env.E2E_PORT || 3100) + 25}`;
const TZ = "America/New_York";
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });

type SinkEmail = { to: string[]; subject: string; text?: string | null; html?: string | null };
async function sinkEmails(request: APIRequestContext): Promise<SinkEmail[]> {
  const res = await request.get(`${SINK}/_sink/emails`);
  expect(res.ok()).toBeTruthy();
  return ((await res.json()) as { data: SinkEmail[] }).data;
}

/** The wall clock in the agency's zone, `minutes` from now. */
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

/** "Review and send" refuses while the composer recounts recipients after a change: retry until the dialog opens. */
async function review(page: Page) {
  await expect(async () => {
    await page.getByTestId("review-send").click();
    await expect(page.getByTestId("confirm-dialog")).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
}

async function signInWith(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("an owner adds an agent who sets a password, sends a blast, is deactivated, and whose scheduled blast then fails", async ({
  page,
  agency,
  signIn,
  request,
  browser,
}) => {
  test.setTimeout(300_000);
  const agentEmail = `sam-${Date.now()}@agency.test`;
  const agentPassword = "sam-long-password-1";

  // Owner: Team page, add an agent; the one-time link is shown once and emailed.
  await signIn(page, agency);
  await page.getByRole("link", { name: "Team" }).click();
  await expect(page.getByRole("heading", { name: "Team" })).toBeVisible();
  await expect(page.getByTestId("team-row")).toHaveCount(1);
  await page.getByLabel("Name").fill("Sam Agent");
  await page.getByLabel("Email").fill(agentEmail);
  await page.getByRole("button", { name: "Add agent" }).click();
  const link = await page.getByTestId("issued-link-url").inputValue();
  expect(link).toMatch(/\/set-password\/[A-Za-z0-9_-]{43}$/);
  await expect(page.getByTestId("issued-link")).toContainText("We emailed it to them.");
  const row = page.getByTestId("team-row").filter({ hasText: agentEmail });
  await expect(row.getByTestId("agent-status")).toHaveText("Invited");
  await expect(row.getByTestId("agent-role")).toHaveText("Agent");
  await shot(page, "team-added");
  await expect
    .poll(async () => (await sinkEmails(request)).filter((e) => e.to.includes(agentEmail)).map((e) => e.subject))
    .toEqual([`Set your password for ${agency.accountName} on Blast`]);
  // The last owner cannot demote themselves.
  await page.getByTestId("team-row").filter({ hasText: agency.email }).getByTestId("change-role").click();
  await expect(page.getByTestId("flash").filter({ hasText: "at least one active owner" })).toBeVisible();

  // Agent, in another browser: the link, a password, sign in.
  const agentContext = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const agentPage = await agentContext.newPage();
  await agentPage.goto(new URL(link).pathname);
  await expect(agentPage.getByText(`Welcome, Sam Agent.`)).toBeVisible();
  await agentPage.getByLabel("New password").fill("short");
  await agentPage.getByLabel("Repeat the password").fill("short");
  await agentPage.getByRole("button", { name: "Set password" }).click();
  await expect(agentPage.getByText("Use at least 10 characters")).toBeVisible();
  await agentPage.getByLabel("New password").fill(agentPassword);
  await agentPage.getByLabel("Repeat the password").fill(agentPassword);
  await agentPage.getByRole("button", { name: "Set password" }).click();
  await expect(agentPage.getByTestId("set-password-done")).toBeVisible();
  await shot(agentPage, "team-set-password");
  // The link is spent.
  const reused = await agentContext.newPage();
  await reused.goto(new URL(link).pathname);
  await expect(reused.getByTestId("set-password-invalid")).toContainText("not valid or has already been used");
  await shot(reused, "team-link-used");
  await reused.close();

  await agentPage.getByRole("link", { name: "Sign in" }).click();
  await signInWith(agentPage, agentEmail, agentPassword);
  await expect(agentPage.getByTestId("agent-name")).toHaveText("Sam Agent");
  // Agents do not see Team, and the page itself says why.
  await expect(agentPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Team" })).toHaveCount(0);
  await agentPage.goto("/team");
  await expect(agentPage.getByTestId("owner-only")).toContainText("Only an owner of the agency can manage the team.");
  await shot(agentPage, "team-agent-refused");

  // The agent sends a blast now and watches it complete.
  await agentPage.goto("/blasts/new");
  await expect(agentPage.getByTestId("eligible-count")).toHaveText("18");
  await agentPage.getByLabel("Subject").fill(`From Sam ${Date.now()}`);
  await review(agentPage);
  await agentPage.getByTestId("confirm-dialog").getByRole("button", { name: "Send now" }).click();
  await expect(agentPage).toHaveURL(/\/blasts\/c[a-z0-9]+$/);
  await expect(agentPage.getByTestId("blast-live").getByTestId("blast-status")).toHaveAttribute("data-status", "COMPLETED", {
    timeout: 90_000,
  });

  // ...and schedules another for a minute or two from now.
  const scheduledSubject = `Later from Sam ${Date.now()}`;
  await agentPage.goto("/blasts/new");
  await expect(agentPage.getByTestId("eligible-count")).toHaveText("18");
  await agentPage.getByLabel("Subject").fill(scheduledSubject);
  await agentPage.getByRole("radio", { name: "Schedule for later" }).check();
  const target = zonedWallClock(2);
  const picker = agentPage.getByTestId("schedule-picker");
  const day = picker.locator(`[data-day="${target.date}"] button`);
  if (!(await day.isVisible())) await picker.getByRole("button", { name: /next month/i }).click();
  await day.click();
  await agentPage.getByLabel("Time").fill(target.time);
  await review(agentPage);
  await agentPage.getByTestId("confirm-dialog").getByRole("button", { name: "Schedule blast" }).click();
  await expect(agentPage).toHaveURL(/\/blasts\/c[a-z0-9]+$/);
  const scheduledId = agentPage.url().split("/").pop()!;
  await expect(agentPage.getByTestId("blast-live").getByTestId("blast-status")).toHaveAttribute("data-status", "SCHEDULED");

  // Owner deactivates the agent.
  await page.reload();
  const agentRow = page.getByTestId("team-row").filter({ hasText: agentEmail });
  await expect(agentRow.getByTestId("agent-status")).toHaveText("Active");
  await agentRow.getByTestId("deactivate").click();
  await page.getByTestId("confirm-dialog").getByTestId("confirm-button").click();
  await expect(page.getByTestId("flash").filter({ hasText: "Agent deactivated" })).toBeVisible();
  await expect(agentRow.getByTestId("agent-status")).toHaveText("Deactivated");
  await shot(page, "team-deactivated");

  // The agent's next request signs them out, and they cannot sign in again.
  await agentPage.goto("/blasts");
  await expect(agentPage).toHaveURL(/\/login/);
  await signInWith(agentPage, agentEmail, agentPassword);
  await expect(agentPage.getByTestId("login-error")).toHaveText("This login has been deactivated. Ask an owner of your agency.");
  await agentContext.close();

  // The scheduled blast fails when its time comes: "sender deactivated", shown on its page.
  await page.goto(`/blasts/${scheduledId}`);
  await expect(page.getByRole("heading", { name: scheduledSubject })).toBeVisible();
  await expect(page.getByTestId("blast-live").getByTestId("blast-status")).toHaveAttribute("data-status", "FAILED", { timeout: 200_000 });
  await expect(page.getByTestId("failure-reason")).toContainText("sender deactivated");
  await shot(page, "team-blast-failed");

  // Every change is in the history.
  await page.goto("/activity");
  const types = page.getByTestId("activity-table").getByTestId("activity-type");
  for (const label of ["Agent added", "Agent set their password", "Agent deactivated"])
    await expect(types.filter({ hasText: label }).first()).toBeVisible();
  await shot(page, "team-activity");
});

test("an agent edits their own name and password on My account; other sessions end", async ({ page, agency, signIn, browser }) => {
  await signIn(page, agency);
  // A second session of the same person, elsewhere.
  const otherContext = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const other = await otherContext.newPage();
  await signIn(other, agency);

  await page.getByRole("link", { name: "My account" }).click();
  await page.getByRole("textbox", { name: "Name" }).fill("Renamed Owner");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByTestId("agent-name")).toHaveText("Renamed Owner");

  await page.getByLabel("Current password").fill("wrong-password");
  await page.getByLabel("New password", { exact: true }).fill("a-brand-new-password");
  await page.getByLabel("Repeat the new password").fill("a-brand-new-password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByTestId("form-error")).toHaveText("Your current password is not right.");

  await page.getByLabel("Current password").fill(agency.password);
  await page.getByLabel("New password", { exact: true }).fill("a-brand-new-password");
  await page.getByLabel("Repeat the new password").fill("a-brand-new-password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByTestId("flash").filter({ hasText: "Password changed" })).toBeVisible();
  await shot(page, "team-account");
  // This browser was signed in again; the other session has ended.
  await page.goto("/blasts");
  await expect(page.getByTestId("agent-name")).toHaveText("Renamed Owner");
  await other.goto("/blasts");
  await expect(other).toHaveURL(/\/login/);
  await otherContext.close();
});
