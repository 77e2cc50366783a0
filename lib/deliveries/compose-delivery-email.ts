import type { Db } from "@/lib/db";
import { composeBlastEmail, type OutgoingEmail } from "@/lib/mail";

export type ComposeSettings = { appUrl: string; unsubscribeSecret: string; from: string };

/** Step 2 of the worker: the email exactly as this customer receives it (html, text, headers). */
export async function composeDeliveryEmail(
  db: Db,
  ref: { accountId: string; deliveryId: string },
  settings: ComposeSettings,
): Promise<OutgoingEmail | null> {
  const delivery = await db.delivery.findFirst({
    where: { id: ref.deliveryId, accountId: ref.accountId },
    include: { customer: true, account: true, blast: true },
  });
  if (!delivery) return null;
  const { account, customer, blast } = delivery;
  return composeBlastEmail({
    templateKey: blast.templateKey,
    subject: blast.subject,
    customMessage: blast.customMessage,
    account: {
      id: account.id,
      name: account.name,
      senderName: account.senderName,
      senderEmail: account.senderEmail,
      postalAddress: account.postalAddress,
      phone: account.phone,
    },
    customer: { id: customer.id, firstName: customer.firstName, email: delivery.email },
    blastId: blast.id,
    ...settings,
  });
}
