import { Badge } from "@/components/ui/badge";

export function CustomerStatusBadges({ status, optedOutAt }: { status: "ACTIVE" | "INACTIVE"; optedOutAt: Date | null }) {
  return (
    <span className="flex flex-wrap gap-1">
      {status === "ACTIVE" ? <Badge tone="green">Active</Badge> : <Badge>Inactive</Badge>}
      {optedOutAt ? <Badge tone="amber">Opted out</Badge> : null}
    </span>
  );
}
