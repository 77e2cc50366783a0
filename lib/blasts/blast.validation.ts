import { z } from "zod";
import { emailTemplates } from "@/emails";
import { selectionSchema } from "@/lib/blasts/selection";

const templateKey = z.string().refine((k) => k in emailTemplates, "Choose a template");

const subjectText = z.string().trim().max(200, "Keep the subject under 200 characters");
const customMessage = z.string().max(5_000, "Keep the message under 5,000 characters").default("");

/** The content of an email, shared by a blast and a send to one customer. */
export const messageSchema = z.object({
  templateKey,
  subject: subjectText.min(1, "Enter a subject"),
  customMessage,
});

/** The same content while an agent is still typing (a live preview): an empty subject is fine here, the send refuses it. */
export const draftMessageSchema = z.object({ templateKey, subject: subjectText.default(""), customMessage });

export const createBlastSchema = messageSchema.extend({
  selection: selectionSchema,
  urgent: z.boolean().default(false),
  /** ISO instant; absent = send now. Must be in the future (checked against the clock by requestBlast). */
  scheduledAt: z.iso.datetime({ offset: true }).optional(),
});

export type CreateBlastInput = z.infer<typeof createBlastSchema>;

export const directSendSchema = messageSchema.extend({ customerId: z.string().min(1).max(64) });
export type DirectSendInput = z.infer<typeof directSendSchema>;

export const blastIdSchema = z.object({ blastId: z.string().min(1).max(64) });

export const rescheduleSchema = blastIdSchema.extend({ scheduledAt: z.iso.datetime({ offset: true }) });
