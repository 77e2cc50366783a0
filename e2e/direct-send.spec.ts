import { test, expect } from "./fixtures";

const SINK = `http://127.0.0.1:${Number(process.env.E2E_PORT || 3100) + 25}`;

test("send to one customer from the customer's page: a direct blast that is delivered once", async ({ page, agency, signIn, request }) => {
  await signIn(page, agency);
  // Seed customer #1 (James Garcia) has a valid address.
  await page.goto("/customers?q=james.garcia1%2B");
  await page.getByTestId("customer-table").getByRole("link").first().click();
  await expect(page.getByTestId("customer-name")).toHaveText("James Garcia");
  const email = (await page.getByTestId("customer-email").textContent())!.trim();

  const form = page.getByRole("form", { name: "Send an email to this customer" });
  if ((await form.getByTestId("send-unavailable").count()) > 0) {
    test.skip(true, `the customer page's send form is disabled: ${await form.getByTestId("send-unavailable").textContent()}`);
  }
  const subject = `Your policy renewal ${Date.now()}`;
  await form.getByLabel("Subject").fill(subject);
  await form.getByLabel("Your message").fill("Your renewal documents are ready.");
  await form.getByRole("button", { name: "Send email" }).click();
  await expect(page.getByTestId("flash").filter({ hasText: "Email queued" })).toBeVisible();

  await page.goto("/blasts");
  const row = page.getByTestId("blast-row").filter({ hasText: subject });
  await expect(row).toContainText("Direct");
  await row.getByRole("link", { name: subject }).click();
  await expect(page.getByTestId("progress-percent")).toHaveText("100%", { timeout: 60_000 });
  await expect(page.getByTestId("blast-live").getByTestId("blast-status")).toHaveAttribute("data-status", "COMPLETED");
  await expect(page.getByTestId("count-total")).toHaveText("1");
  await expect(page.getByTestId("count-sent")).toHaveText("1");
  await expect(page.getByTestId("delivery-row")).toHaveCount(1);
  await expect(page.getByTestId("delivery-row")).toContainText(email);
  const blastId = page.url().split("/").pop()!;

  const res = await request.get(`${SINK}/_sink/emails?to=${encodeURIComponent(email)}`);
  const emails = ((await res.json()) as { data: { subject: string; tags: { name: string; value: string }[] | null }[] }).data;
  const mine = emails.filter((e) => e.tags?.some((t) => t.name === "blast" && t.value === blastId));
  expect(mine).toHaveLength(1);
  expect(mine[0].subject).toBe(subject);
  await page.reload();
  await expect(page.getByTestId("credit-balance")).toHaveText("499 credits");
  await page.screenshot({ path: "test-results/screenshots/direct-send-blast.png", fullPage: true });
});
