import type { Db } from "@/lib/db";
import { composeBlastEmail, type OutgoingEmail } from "@/lib/mail";

export type ComposeSettings = { appUrl: string; unsubscribeSecret: string; from: string };

type DeliveryRow = {
  email: string;
  customer: { id: string; firstName: string | null };
  account: { id: string; name: string; senderName: string; senderEmail: string; postalAddress: string | null; phone: string | null };
  blast: { id: string; templateKey: string; subject: string; customMessage: string };
};

const include = { customer: true, account: true, blast: true } as const;

/** One delivery's email exactly as its customer receives it (html, text, headers). */
function composeRow(row: DeliveryRow, settings: ComposeSettings): Promise<OutgoingEmail> {
  const { account, customer, blast } = row;
  return composeBlastEmail({
    templateKey: blast.templateKey,
    subject: blast.subject,
    customMessage: blast.customMessage,
    account,
    customer: { id: customer.id, firstName: customer.firstName, email: row.email },
    blastId: blast.id,
    ...settings,
  });
}

export async function composeDeliveryEmail(
  db: Db,
  ref: { accountId: string; deliveryId: string },
  settings: ComposeSettings,
): Promise<OutgoingEmail | null> {
  const delivery = await db.delivery.findFirst({ where: { id: ref.deliveryId, accountId: ref.accountId }, include });
  return delivery ? composeRow(delivery, settings) : null;
}

export type BatchEmail = { deliveryId: string; email: OutgoingEmail };

/**
 * A provider batch's emails, in a fixed order (by delivery id), from the deliveries it claimed — a few
 * set-based reads for the whole batch. Deterministic for the same rows, so a retried request carries the
 * same bytes under the same idempotency key. The rendering itself is microseconds a copy (render-personalized).
 */
export async function composeBatchEmails(db: Db, batchId: string, settings: ComposeSettings): Promise<BatchEmail[]> {
  const rows = await db.delivery.findMany({ where: { batchId, status: "SENDING" }, include, orderBy: { id: "asc" } });
  return Promise.all(rows.map(async (row) => ({ deliveryId: row.id, email: await composeRow(row, settings) })));
}
