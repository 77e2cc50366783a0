/** Every kind of Activity row, with the words the history page shows for it. */
export const ACTIVITY_TYPES = {
  "blast.created": "Blast created",
  "blast.scheduled": "Blast scheduled",
  "blast.started": "Blast started",
  "blast.completed": "Blast completed",
  "blast.failed": "Blast failed",
  "blast.cancelled": "Blast cancelled",
  "blast.retried": "Blast retried",
  "email.direct": "Email to one customer requested",
  "delivery.sent": "Email sent",
  "delivery.skipped": "Email skipped",
  "delivery.failed": "Email failed",
  "delivery.cancelled": "Email cancelled",
  "email.delivered": "Email delivered",
  "email.bounced": "Email bounced",
  "email.complained": "Marked as spam",
  "customer.created": "Customer added",
  "customer.updated": "Customer updated",
  "customer.unsubscribed": "Customer unsubscribed",
  "customers.imported": "Customers imported",
  "activity.exported": "Activity exported",
  "user.created": "Agent added",
  "user.updated": "Agent changed",
} as const;

export type ActivityType = keyof typeof ACTIVITY_TYPES;

export function activityLabel(type: string): string {
  return (ACTIVITY_TYPES as Record<string, string>)[type] ?? type;
}
