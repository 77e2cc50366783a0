import type { Db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { logActivity } from "@/lib/activity/log-activity";

type Ctx = { accountId: string; userId: string; customerId: string };

export type CustomerStateChange =
  | { kind: "status"; status: "ACTIVE" | "INACTIVE" }
  /** An agent records an opt-out told by phone or in person, or clears one recorded by mistake. */
  | { kind: "optOut"; optedOut: boolean };

/**
 * Deactivate / reactivate, mark opted out / clear. Scoped by account in the update itself, so another
 * agency's id changes nothing and answers "not found". Returns a sentence for the flash message.
 */
export async function setCustomerState(db: Db, ctx: Ctx, change: CustomerStateChange): Promise<string> {
  const data = change.kind === "status" ? { status: change.status } : { optedOutAt: change.optedOut ? new Date() : null };
  return db.$transaction(async (tx) => {
    const moved = await tx.customer.updateMany({ where: { id: ctx.customerId, accountId: ctx.accountId }, data });
    if (moved.count === 0) throw notFound("Customer");
    const summary =
      change.kind === "status"
        ? change.status === "ACTIVE"
          ? "Customer reactivated."
          : "Customer deactivated: blasts will skip them."
        : change.optedOut
          ? "Marked as opted out: no more emails will be sent to this customer."
          : "Opt-out cleared.";
    await logActivity(tx, {
      accountId: ctx.accountId,
      userId: ctx.userId,
      customerId: ctx.customerId,
      type: change.kind === "optOut" && change.optedOut ? "customer.unsubscribed" : "customer.updated",
      detail: change.kind === "status" ? { status: change.status } : { optedOut: change.optedOut, source: "agent" },
    });
    return summary;
  });
}
