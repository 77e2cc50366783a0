import { Badge } from "@/components/ui/badge";

export function CustomerStatusBadges({ status, optedOut }: { status: "ACTIVE" | "INACTIVE"; optedOut: boolean }) {
  return (
    <span className="flex flex-wrap gap-1">
      {status === "ACTIVE" ? <Badge tone="green">Active</Badge> : <Badge>Inactive</Badge>}
      {optedOut ? <Badge tone="amber">Opted out</Badge> : null}
    </span>
  );
}
