import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { assertAgencyCanSend } from "@/lib/accounts/assert-agency-can-send";
import { composeBlastEmail, type Mailer } from "@/lib/mail";
import { selectionSql, SKIP_REASON_SQL, type Selection } from "@/lib/blasts/selection";
import type { ComposeSettings } from "@/lib/deliveries/compose-delivery-email";

export type Message = { templateKey: string; subject: string; customMessage: string };
export type SampleCustomer = { id: string | null; firstName: string; lastName: string; email: string };

/** When the selection has nobody eligible yet, the preview still shows a filled-in email. */
const FALLBACK_SAMPLE: SampleCustomer = { id: null, firstName: "Alex", lastName: "Sample", email: "alex.sample@example.com" };

/**
 * The customer the preview and the test send are personalized for: the first eligible recipient of the
 * selection in name order (the same SQL as the fan-out), else the first eligible customer of the account.
 */
export async function pickSampleCustomer(db: Db, accountId: string, selection?: Selection): Promise<SampleCustomer> {
  const where = selectionSql(accountId, selection ?? { mode: "all" });
  const [row] = await db.$queryRaw<SampleCustomer[]>`
    SELECT c."id", c."firstName", c."lastName", c."email" FROM "Customer" c
    WHERE ${where} AND ${SKIP_REASON_SQL} IS NULL
    ORDER BY c."lastName", c."firstName", c."id" LIMIT 1`;
  return row ?? FALLBACK_SAMPLE;
}

async function loadAccount(db: Db, accountId: string) {
  const account = await db.account.findUnique({ where: { id: accountId } });
  if (!account) throw new AppError("NOT_FOUND", "Agency not found");
  return account;
}

function accountForCompose(account: Awaited<ReturnType<typeof loadAccount>>) {
  return {
    id: account.id,
    name: account.name,
    senderName: account.senderName,
    senderEmail: account.senderEmail,
    postalAddress: account.postalAddress,
    phone: account.phone,
  };
}

// The test and the preview carry an unsubscribe link for no real customer: clicking it in a test email
// must not unsubscribe the sample customer.
const NOBODY = "preview";

export type BlastPreview = { html: string; subject: string; sample: SampleCustomer };

/** The email exactly as the sample customer would receive it (html for a sandboxed iframe). */
export async function renderBlastPreview(
  db: Db,
  input: { accountId: string; message: Message; selection?: Selection },
  settings: ComposeSettings,
): Promise<BlastPreview> {
  const [account, sample] = await Promise.all([loadAccount(db, input.accountId), pickSampleCustomer(db, input.accountId, input.selection)]);
  const email = await composeBlastEmail({
    ...input.message,
    account: accountForCompose(account),
    customer: { id: NOBODY, firstName: sample.firstName, email: sample.email },
    ...settings,
  });
  return { html: email.html, subject: email.subject, sample };
}

/**
 * A test send to the agent's own address: rendered for the sample customer, subject prefixed "[Test]",
 * sent through the same mailer as blasts with a fresh idempotency key (every click is a new test).
 * Costs no credit and writes no delivery.
 */
export async function sendTestEmail(
  db: Db,
  mailer: Mailer,
  input: { accountId: string; userId: string; message: Message; selection?: Selection },
  settings: ComposeSettings,
): Promise<{ to: string; providerId: string; sample: SampleCustomer }> {
  const user = await db.user.findFirst({ where: { id: input.userId, accountId: input.accountId } });
  if (!user) throw new AppError("NOT_FOUND", "Agent not found");
  await assertAgencyCanSend(db, input.accountId);
  const [account, sample] = await Promise.all([loadAccount(db, input.accountId), pickSampleCustomer(db, input.accountId, input.selection)]);
  const email = await composeBlastEmail({
    ...input.message,
    subject: `[Test] ${input.message.subject}`,
    account: accountForCompose(account),
    customer: { id: NOBODY, firstName: sample.firstName, email: user.email },
    ...settings,
  });
  const outcome = await mailer.send(
    { ...email, tags: [...(email.tags ?? []), { name: "kind", value: "test" }] },
    { idempotencyKey: `test:${user.id}:${randomUUID()}` },
  );
  switch (outcome.kind) {
    case "sent":
      return { to: user.email, providerId: outcome.id, sample };
    case "rate_limited":
      throw new AppError("LIMIT", `The mail provider is busy. Try the test again in ${outcome.retryAfterSeconds} seconds.`);
    case "transient":
      throw new AppError("CONFLICT", "The mail provider did not answer. Try the test again in a moment.");
    case "permanent":
      throw new AppError("INVALID", `The mail provider refused the test email (${outcome.code}).`);
  }
}
