import type { Db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { composeBlastEmail } from "@/lib/mail";

export type PreviewSettings = { appUrl: string; unsubscribeSecret: string; from: string };
export type EmailPreview = { html: string; text: string; subject: string; from: string; to: string; replyTo: string | null };

/** Who the preview is addressed to when the agent has not picked a customer. */
const SAMPLE = { id: "preview-sample", firstName: "Maria", lastName: "Garcia", email: "maria.garcia@example.com" };

/**
 * A template exactly as a customer would receive it: the same composer the sending worker uses (same
 * personalization, footer, unsubscribe link and sender), so what the agent approves is what is sent.
 * The customer is looked up in the agent's account only.
 */
export async function previewCustomerEmail(
  db: Db,
  input: { accountId: string; templateKey: string; subject: string; customMessage: string; customerId?: string | null },
  settings: PreviewSettings,
): Promise<EmailPreview> {
  const account = await db.account.findUnique({ where: { id: input.accountId } });
  if (!account) throw notFound("Agency");
  let customer = SAMPLE;
  if (input.customerId) {
    const found = await db.customer.findFirst({
      where: { id: input.customerId, accountId: input.accountId },
      select: { id: true, firstName: true, lastName: true, email: true },
    });
    if (!found) throw notFound("Customer");
    customer = found;
  }
  const email = await composeBlastEmail({
    templateKey: input.templateKey,
    subject: input.subject,
    customMessage: input.customMessage,
    account,
    customer: { id: customer.id, firstName: customer.firstName, email: customer.email },
    ...settings,
  });
  return {
    html: email.html,
    text: email.text,
    subject: email.subject,
    from: email.from ?? settings.from,
    to: email.to,
    replyTo: email.replyTo ?? null,
  };
}
