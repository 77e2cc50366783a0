import { Badge } from "@/components/ui/badge";

type Tone = "slate" | "green" | "amber" | "red" | "blue";

const BLAST: Record<string, { label: string; tone: Tone }> = {
  DRAFT: { label: "Draft", tone: "slate" },
  SCHEDULED: { label: "Scheduled", tone: "blue" },
  QUEUED: { label: "Queued", tone: "amber" },
  SENDING: { label: "Sending", tone: "amber" },
  PAUSED: { label: "Paused", tone: "blue" },
  COMPLETED: { label: "Completed", tone: "green" },
  CANCELLED: { label: "Cancelled", tone: "slate" },
  FAILED: { label: "Failed", tone: "red" },
};

const DELIVERY: Record<string, { label: string; tone: Tone }> = {
  PENDING: { label: "Pending", tone: "slate" },
  SENDING: { label: "Sending", tone: "amber" },
  SENT: { label: "Sent", tone: "green" },
  SKIPPED: { label: "Skipped", tone: "amber" },
  FAILED: { label: "Failed", tone: "red" },
  CANCELLED: { label: "Cancelled", tone: "slate" },
};

export const blastStatusLabel = (status: string) => BLAST[status]?.label ?? status;
export const deliveryStatusLabel = (status: string) => DELIVERY[status]?.label ?? status;

export function BlastStatusBadge({ status }: { status: string }) {
  const s = BLAST[status] ?? { label: status, tone: "slate" as const };
  return (
    <span data-testid="blast-status" data-status={status}>
      <Badge tone={s.tone}>{s.label}</Badge>
    </span>
  );
}

export function DeliveryStatusBadge({ status }: { status: string }) {
  const s = DELIVERY[status] ?? { label: status, tone: "slate" as const };
  return <Badge tone={s.tone}>{s.label}</Badge>;
}

export function KindBadge({ kind, urgent }: { kind: "BLAST" | "DIRECT"; urgent?: boolean }) {
  return (
    <span className="flex flex-wrap gap-1">
      <Badge tone={kind === "DIRECT" ? "blue" : "slate"}>{kind === "DIRECT" ? "Direct" : "Blast"}</Badge>
      {urgent ? <Badge tone="red">Urgent</Badge> : null}
    </span>
  );
}
