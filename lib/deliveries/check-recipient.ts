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
  // One statement for every fact the decision needs: at 100,000 recipients each statement saved is
  // 100,000 round trips, and Prisma's include here cost three.
  const [facts] = await db.$queryRaw<Facts[]>`
    SELECT d."status", b."status" AS "blastStatus", c."status" AS "customerStatus", c."optedOutAt" IS NOT NULL AS "optedOut", c."email",
           (SELECT s."kind" FROM "Suppression" s WHERE s."emailNormalized" = c."emailNormalized" ORDER BY s."createdAt" LIMIT 1)::text AS "suppressionKind",
           v."result" AS "cachedResult", v."reason" AS "cachedReason", v."expiresAt" AS "cachedUntil"
    FROM "Delivery" d
    JOIN "Blast" b ON b."id" = d."blastId"
    JOIN "Customer" c ON c."id" = d."customerId"
    LEFT JOIN "EmailVerification" v ON v."emailNormalized" = c."emailNormalized"
    WHERE d."id" = ${ref.deliveryId} AND d."accountId" = ${ref.accountId}`;
  if (!facts) return { proceed: false, why: "not_found" };
  if (facts.status === "SENDING") return { proceed: false, why: "already_claimed" };
  if (facts.status !== "PENDING") return { proceed: false, why: "already_settled" };

  const skip = async (reason: string, status: "SKIPPED" | "CANCELLED" = "SKIPPED"): Promise<CheckOutcome> => {
    await settleDelivery(db, ref, { status, reason });
    return { proceed: false, why: status === "CANCELLED" ? "cancelled" : "skipped", reason };
  };

  if (facts.blastStatus === "CANCELLED") return skip("blast cancelled", "CANCELLED");
  if (facts.customerStatus !== "ACTIVE") return skip("inactive");
  if (facts.optedOut) return skip("opted_out");
  // The suppression list (bounces, complaints) is read fresh in the statement above, before anything else.
  const verdict = await verifyAddress({
    db,
    email: facts.email,
    config: verification,
    known: {
      suppressionKind: facts.suppressionKind,
      cached:
        facts.cachedResult && facts.cachedUntil
          ? { result: facts.cachedResult, reason: facts.cachedReason, expiresAt: facts.cachedUntil }
          : null,
    },
  });
  // "unknown" (provider timeout, greylisting) is not "invalid": we send rather than drop a real person.
  if (verdict.verdict === "invalid") {
    return skip(verdict.source === "suppression" ? verdict.reason.replace("_", ": ") : `invalid address: ${verdict.reason}`);
  }
  return { proceed: true };
}

type Facts = {
  status: string;
  blastStatus: string;
  customerStatus: string;
  optedOut: boolean;
  email: string;
  suppressionKind: string | null;
  cachedResult: string | null;
  cachedReason: string | null;
  cachedUntil: Date | null;
};
