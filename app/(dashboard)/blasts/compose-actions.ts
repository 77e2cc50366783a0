"use server";

import { z } from "zod";
import { tenantAction } from "@/app/_lib/tenant-action";
import { services } from "@/lib/services";
import { draftMessageSchema, messageSchema } from "@/lib/blasts/blast.validation";
import { countRecipients } from "@/lib/blasts/count-recipients";
import { selectionSchema } from "@/lib/blasts/selection";
import { renderBlastPreview, sendTestEmail } from "@/lib/blasts/send-test-email";
import { listCustomers } from "@/lib/customers/list-customers";
import { displayName, NO_NAME } from "@/lib/customers/display-name";

// The composer's helpers: read-only except the test send, which costs no credit and writes no delivery.

export const countRecipientsAction = tenantAction(z.object({ selection: selectionSchema }), async ({ selection }, { tenant, db }) =>
  countRecipients(db, tenant.accountId, selection),
);

export const searchCustomersAction = tenantAction(
  z.object({ q: z.string().trim().max(100).default("") }),
  async ({ q }, { tenant, db }) => {
    const page = await listCustomers(db, { accountId: tenant.accountId, filters: { q }, pageSize: 20 });
    return page.rows.map((c) => ({
      id: c.id,
      name: displayName(c, NO_NAME),
      email: c.email,
      active: c.status === "ACTIVE",
      optedOut: Boolean(c.optedOutAt),
    }));
  },
);

// The preview renders while the agent types: an empty subject is fine here (the send refuses it).
const previewSchema = draftMessageSchema.extend({ selection: selectionSchema.optional() });

export const previewBlastAction = tenantAction(previewSchema, async ({ selection, ...message }, { tenant, db }) => {
  const { compose } = await services();
  const preview = await renderBlastPreview(db, { accountId: tenant.accountId, message, selection }, compose);
  return {
    html: preview.html,
    subject: preview.subject,
    sampleName: displayName(preview.sample),
    sampleEmail: preview.sample.email,
    isSample: preview.sample.id === null,
  };
});

export const testSendAction = tenantAction(
  messageSchema.extend({ selection: selectionSchema.optional() }),
  async ({ selection, ...message }, { tenant, db }) => {
    const { mailer, compose } = await services();
    const sent = await sendTestEmail(db, mailer, { accountId: tenant.accountId, userId: tenant.userId, message, selection }, compose);
    return { to: sent.to };
  },
);
