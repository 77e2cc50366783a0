import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { logActivity } from "@/lib/activity/log-activity";
import { findAgency } from "@/lib/operators/find-agency";
import { parseOperatorInput, setAgencyStatusSchema, type SetAgencyStatusInput } from "@/lib/operators/operators.validation";

export type AgencyStatusChanged = { accountId: string; name: string; status: "ACTIVE" | "SUSPENDED" };

/**
 * Suspends or reactivates an agency. Suspended, its agents still sign in and read, but sending stops:
 * new blasts, emails to one customer, test sends and retries are refused when requested, and blasts due
 * while suspended fail at fan-out with "agency suspended", reserving no credit
 * (lib/accounts/assert-agency-can-send.ts, lib/blasts/start-blast.ts). The change is conditional on the
 * current status, so asking twice says so instead of logging a second change.
 */
export async function setAgencyStatus(db: Db, input: SetAgencyStatusInput): Promise<AgencyStatusChanged> {
  const data = parseOperatorInput(setAgencyStatusSchema, input);
  return db.$transaction(async (tx) => {
    const agency = await findAgency(tx, data.agency);
    const moved = await tx.account.updateMany({ where: { id: agency.id, status: { not: data.status } }, data: { status: data.status } });
    if (moved.count === 0) {
      throw new AppError("CONFLICT", `${agency.name} is already ${data.status === "SUSPENDED" ? "suspended" : "active"}`);
    }
    await logActivity(tx, {
      accountId: agency.id,
      type: data.status === "SUSPENDED" ? "agency.suspended" : "agency.reactivated",
      detail: { operator: data.by, reason: data.reason ?? null },
    });
    return { accountId: agency.id, name: agency.name, status: data.status };
  });
}
