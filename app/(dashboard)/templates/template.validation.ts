import { z } from "zod";
import { draftMessageSchema } from "@/lib/blasts/blast.validation";

export const previewSchema = draftMessageSchema.extend({
  customerId: z
    .string()
    .max(64)
    .optional()
    .or(z.literal("").transform(() => undefined)),
});

export const customerSearchSchema = z.object({ q: z.string().trim().max(200) });
