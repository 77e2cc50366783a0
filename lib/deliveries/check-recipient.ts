import type { Db } from "@/lib/db";
import { verifyAddress, type VerificationConfig } from "@/lib/verification";
import { settleDelivery } from "@/lib/deliveries/settle-delivery";

export type CheckOutcome =
  | { proceed: true }
  | { proceed: false; why: "not_found" | "already_settled" | "already_claimed" | "cancelled" | "skipped"; reason?: string };

/**
 * Step 1 of the per-customer worker: is this email still wanted? A settled delivery (a duplicate event,
 * a retried run) stops here — the first guard against a second copy. A cancelled blast, an inactive or
 * opted-out customer, a suppressed or invalid address settle the delivery (refunded) with the reason.
 * A delivery that passes joins the provider queue; a batch claims it there (claim-batch.ts). One already
 * claimed (SENDING) belongs to its batch, which sends and settles it.
 */
export async function checkRecipient(
  db: Db,
  ref: { accountId: string; deliveryId: string },
  verification: VerificationConfig,
): Promise<CheckOutcome> {
  const delivery = await db.delivery.findFirst({
    where: { id: ref.deliveryId, accountId: ref.accountId },
    include: { customer: true, blast: { select: { status: true } } },
  });
  if (!delivery) return { proceed: false, why: "not_found" };
  if (delivery.status === "SENDING") return { proceed: false, why: "already_claimed" };
  if (delivery.status !== "PENDING") return { proceed: false, why: "already_settled" };

  const skip = async (reason: string, status: "SKIPPED" | "CANCELLED" = "SKIPPED"): Promise<CheckOutcome> => {
    await settleDelivery(db, ref, { status, reason });
    return { proceed: false, why: status === "CANCELLED" ? "cancelled" : "skipped", reason };
  };

  if (delivery.blast.status === "CANCELLED") return skip("blast cancelled", "CANCELLED");
  const customer = delivery.customer;
  if (customer.status !== "ACTIVE") return skip("inactive");
  if (customer.optedOutAt) return skip("opted_out");
  // verifyAddress reads the suppression list (bounces, complaints) before anything else.
  const verdict = await verifyAddress({ db, email: customer.email, config: verification });
  // "unknown" (provider timeout, greylisting) is not "invalid": we send rather than drop a real person.
  if (verdict.verdict === "invalid") {
    return skip(verdict.source === "suppression" ? verdict.reason.replace("_", ": ") : `invalid address: ${verdict.reason}`);
  }
  return { proceed: true };
}
