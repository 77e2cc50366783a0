import { z } from "zod";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-03-08");
const id = z.string().min(1).max(64);

/** The history filters, as typed on the page; shared by the page's URL and the export action. */
export const activityFilterSchema = z.object({
  type: z.string().max(64).optional(),
  customer: z.string().max(254).optional(),
  customerId: id.optional(),
  blastId: id.optional(),
  from: day.optional(),
  to: day.optional(),
});

/** URL parameters: a malformed one is ignored (treated as absent), never an error page. */
export const activityPageParams = z.object({
  type: z.string().max(64).optional().catch(undefined),
  customer: z.string().max(254).optional().catch(undefined),
  customerId: id.optional().catch(undefined),
  blastId: id.optional().catch(undefined),
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
  after: z.string().max(500).optional().catch(undefined),
  before: z.string().max(500).optional().catch(undefined),
});
