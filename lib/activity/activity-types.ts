/** Every kind of Activity row, with the words the history page shows for it. */
export const ACTIVITY_TYPES = {
  "blast.created": "Blast created",
  "blast.scheduled": "Blast scheduled",
  "blast.started": "Blast started",
  "blast.completed": "Blast completed",
  "blast.failed": "Blast failed",
  "blast.cancelled": "Blast cancelled",
  "blast.retried": "Blast retried",
  "blast.paused": "Blast paused",
  "blast.resumed": "Blast resumed",
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
  "account.updated": "Agency settings changed",
  // Written by Blast's operators (npm run admin), not by an agent: userId is null, detail.operator says who.
  "agency.created": "Agency created",
  "agency.suspended": "Agency suspended",
  "agency.reactivated": "Agency reactivated",
  "credit.granted": "Credit added",
  "credit.deducted": "Credit deducted",
  "user.created": "Agent added",
  "user.updated": "Agent changed",
  "user.role_changed": "Agent's role changed",
  "user.deactivated": "Agent deactivated",
  "user.reactivated": "Agent reactivated",
  "user.link_issued": "Set-password link issued",
  "user.password_set": "Agent set their password",
  "user.password_changed": "Agent changed their password",
} as const;

export type ActivityType = keyof typeof ACTIVITY_TYPES;

export function activityLabel(type: string): string {
  return (ACTIVITY_TYPES as Record<string, string>)[type] ?? type;
}
