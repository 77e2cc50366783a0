import { z } from "zod";
import { isTemplateKey } from "@/emails";

export const previewSchema = z.object({
  templateKey: z.string().refine(isTemplateKey, "Choose a template"),
  customerId: z.string().max(64).optional().or(z.literal("").transform(() => undefined)),
  subject: z.string().trim().max(200, "Subject is too long (200 characters at most)"),
  customMessage: z.string().max(5000, "Message is too long (5,000 characters at most)"),
});

export const customerSearchSchema = z.object({ q: z.string().trim().max(200) });
