/**
 * Deterministic event ids: the engine starts one run per id (24 h), so an event re-sent by a retried
 * step, by the outbox re-sender or by a double click starts nothing new. A retry of failed deliveries
 * is a new round, hence a new id.
 */
export const blastRequestedId = (blastId: string, round: number, scheduleKey = "") =>
  `${round > 0 ? `blast:${blastId}:round:${round}` : `blast:${blastId}:requested`}${scheduleKey ? `:${scheduleKey}` : ""}`;

export const customerEventId = (blastId: string, customerId: string, round: number) =>
  round > 0 ? `blast:${blastId}:customer:${customerId}:round:${round}` : `blast:${blastId}:customer:${customerId}`;

export const blastCancelledId = (blastId: string) => `blast:${blastId}:cancelled`;

/** The k-th resume of a blast, and the per-customer events it re-sends: new ids, so the engine runs them. */
export const blastResumedId = (blastId: string, resume: number) => `blast:${blastId}:resumed:${resume}`;
export const resumedCustomerEventId = (blastId: string, customerId: string, round: number, resume: number) =>
  `${customerEventId(blastId, customerId, round)}:resume:${resume}`;

/** The provider's Idempotency-Key: one per delivery and round, so Resend itself refuses a second copy. */
