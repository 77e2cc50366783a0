import type { DeliveryOutcome, DeliveryStatus } from "@/lib/generated/prisma/client";
import type { OutcomeFilter } from "@/lib/deliveries/list-deliveries";
import { Badge } from "@/components/ui/badge";
import { formatInZone } from "@/components/blasts/zoned-time";
import { stampOf, StampTime, type Stamp } from "@/components/ui/stamp";

const OUTCOME: Record<DeliveryOutcome, { label: string; tone: "green" | "amber" | "red" }> = {
  DELIVERED: { label: "Delivered", tone: "green" },
  DELAYED: { label: "Delayed", tone: "amber" },
  BOUNCED: { label: "Bounced", tone: "red" },
  COMPLAINED: { label: "Complained", tone: "red" },
};

/** Words for the recipient filter: the outcomes, and NONE for sent emails nothing was heard about. */
export function outcomeFilterLabel(filter: OutcomeFilter): string {
  return filter === "NONE" ? "No report yet" : OUTCOME[filter].label;
}

export type DeliveryReportProps = {
  status: DeliveryStatus;
  outcome: DeliveryOutcome | null;
  outcomeAt: Stamp | null;
  outcomeDetail: string | null;
  openedAt: Stamp | null;
  clickedAt: Stamp | null;
};

/** A time for a recipient table cell, in the agency's zone (see components/ui/stamp.tsx). */
export function stamp(date: Date, timeZone: string): Stamp {
  return stampOf(date, (d) => formatInZone(d, timeZone, { withZone: false }));
}

/** The report's fields of a delivery, with its times stamped in the agency's zone. */
export function reportOf(
  d: {
    status: DeliveryStatus;
    outcome: DeliveryOutcome | null;
    outcomeAt: Date | null;
    outcomeDetail: string | null;
    openedAt: Date | null;
    clickedAt: Date | null;
  },
  timeZone: string,
): DeliveryReportProps {
  const at = (x: Date | null) => (x ? stamp(x, timeZone) : null);
  return {
    status: d.status,
    outcome: d.outcome,
    outcomeAt: at(d.outcomeAt),
    outcomeDetail: d.outcomeDetail,
    openedAt: at(d.openedAt),
    clickedAt: at(d.clickedAt),
  };
}

/**
 * What the email provider reported about one email, for the blast's recipient table and a customer's
 * email history: the outcome with its time (a complaint means the customer marked it as spam), and the
 * first open and click when the provider tracks them.
 */
export function DeliveryReport({ status, outcome, outcomeAt, outcomeDetail, openedAt, clickedAt }: DeliveryReportProps) {
  const time = (s: Stamp) => <StampTime stamp={s} />;
  if (!outcome && !openedAt && !clickedAt) {
    return status === "SENT" ? (
      <span className="text-slate-500" data-testid="delivery-outcome" data-outcome="">
        No report yet
      </span>
    ) : (
      <span className="text-slate-400">—</span>
    );
  }
  const o = outcome ? OUTCOME[outcome] : null;
  return (
    <div className="space-y-0.5" data-testid="delivery-outcome" data-outcome={outcome ?? ""}>
      {o && outcomeAt ? (
        <p className="flex flex-wrap items-center gap-x-2">
          <Badge tone={o.tone}>{o.label}</Badge>
          <span className="whitespace-nowrap text-xs text-slate-600">{time(outcomeAt)}</span>
        </p>
      ) : null}
      {outcome === "COMPLAINED" ? <p className="text-xs text-slate-600">Marked as spam by the customer</p> : null}
      {outcomeDetail ? <p className="max-w-xs text-xs text-slate-600">{outcomeDetail}</p> : null}
      {openedAt ? <p className="text-xs text-slate-600">Opened {time(openedAt)}</p> : null}
      {clickedAt ? <p className="text-xs text-slate-600">Clicked {time(clickedAt)}</p> : null}
    </div>
  );
}
