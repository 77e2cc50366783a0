import { buildUnsubscribeLinks } from "@/lib/unsubscribe/build-unsubscribe-links";
import { formatFromAddress } from "./format-from-address";
import type { OutgoingEmail } from "./mail-types";
import { renderPersonalized } from "./render-personalized";

export type ComposeInput = {
  templateKey: string;
  subject: string;
  customMessage?: string | null;
  account: { id: string; name: string; senderName: string; senderEmail: string; postalAddress?: string | null; phone?: string | null };
  customer: { id: string; firstName?: string | null; email: string };
  /** Tags the provider echoes back in webhooks. */
  blastId?: string;
  /** Public base URL of Blast (APP_URL): the unsubscribe links point there. */
  appUrl: string;
  unsubscribeSecret: string;
  /** MailConfig.from: its address is the sending address (a domain verified with Resend). */
  from: string;
};

function addressOf(from: string): string {
  const m = /<([^>]+)>\s*$/.exec(from);
  return (m ? m[1] : from).trim();
}

/**
 * Everything the "render" step of the sender needs for one customer: personalized html + text, the
 * signed unsubscribe links, RFC 8058 headers. The email goes out from the platform's verified address
 * under the agency's name, and replies go to the agency (agencies rarely have a domain verified with
 * Resend; sending from theirs would fail DMARC). Deterministic for the same input, so a retried step
 * sends identical bytes under the same idempotency key.
 */
export async function composeBlastEmail(input: ComposeInput): Promise<OutgoingEmail> {
  const { account, customer } = input;
  const links = buildUnsubscribeLinks({
    appUrl: input.appUrl,
    secret: input.unsubscribeSecret,
    accountId: account.id,
    customerId: customer.id,
    mailto: account.senderEmail,
  });
  const { html, text } = await renderPersonalized(
    input.templateKey,
    {
      agencyName: account.name,
      senderName: account.senderName,
      customMessage: input.customMessage,
      postalAddress: account.postalAddress,
      agencyPhone: account.phone,
    },
    { firstName: customer.firstName, unsubscribeUrl: links.pageUrl },
  );
  const tags = [{ name: "account", value: account.id }];
  if (input.blastId) tags.push({ name: "blast", value: input.blastId });
  return {
    to: customer.email,
    from: formatFromAddress(account.senderName ? `${account.senderName} (${account.name})` : account.name, addressOf(input.from)),
    replyTo: account.senderEmail || undefined,
    subject: input.subject.replace(/[\r\n]+/g, " ").trim(),
    html,
    text,
    headers: links.headers,
    tags: tags.filter((t) => /^[A-Za-z0-9_-]{1,256}$/.test(t.value)),
  };
}
