import type { Metadata } from "next";
import { requireTenant } from "@/app/_lib/tenant";
import { getDb } from "@/lib/db";
import { listTeam } from "@/lib/team/list-team";
import { formatInZone } from "@/lib/settings/time-zones";
import { Badge } from "@/components/ui/badge";
import { FlashRegion } from "@/components/ui/flash";
import { Card, PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { AddAgentForm } from "./add-agent-form";
import { AgentRowActions } from "./agent-row-actions";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage() {
  const tenant = await requireTenant();
  if (tenant.role !== "OWNER") {
    return (
      <div className="space-y-6">
        <PageHeader title="Team" />
        <p className="rounded-md bg-slate-100 px-4 py-3 text-sm text-slate-700" data-testid="owner-only">
          Only an owner of the agency can manage the team. Ask an owner if someone needs to be added or removed.
        </p>
      </div>
    );
  }
  const team = await listTeam(await getDb(), tenant.accountId);
  const now = new Date();
  return (
    <div className="space-y-6">
      <FlashRegion />
      <PageHeader title="Team" description="The people of your agency who can sign in. Owners also manage the team, settings and credit." />
      <Card title="Add an agent">
        <AddAgentForm />
      </Card>
      <Table caption="Agents" data-testid="team-table">
        <thead>
          <tr>
            <Th>Name</Th>
            <Th>Email</Th>
            <Th>Role</Th>
            <Th>Status</Th>
            <Th className="text-right">Actions</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {team.map((m) => {
            const linkExpired = m.invited && (!m.linkExpiresAt || m.linkExpiresAt <= now);
            return (
              <tr key={m.id} data-testid="team-row" data-email={m.email}>
                <Td className="font-medium">
                  {m.name}
                  {m.id === tenant.userId ? <span className="text-slate-500"> (you)</span> : null}
                </Td>
                <Td>{m.email}</Td>
                <Td>
                  <span data-testid="agent-role">{m.role === "OWNER" ? "Owner" : "Agent"}</span>
                </Td>
                <Td>
                  <span data-testid="agent-status">
                    {!m.active ? (
                      <Badge tone="red">Deactivated</Badge>
                    ) : m.invited ? (
                      <Badge tone="amber">{linkExpired ? "Link expired" : "Invited"}</Badge>
                    ) : (
                      <Badge tone="green">Active</Badge>
                    )}
                  </span>
                  {m.active && m.invited && m.linkExpiresAt && !linkExpired ? (
                    <p className="mt-1 text-xs text-slate-500">Link valid until {formatInZone(m.linkExpiresAt, tenant.account.timeZone)}</p>
                  ) : null}
                </Td>
                <Td className="text-right">
                  <AgentRowActions
                    agent={{ id: m.id, name: m.name, role: m.role, active: m.active, invited: m.invited }}
                    self={m.id === tenant.userId}
                  />
                </Td>
              </tr>
            );
          })}
        </tbody>
      </Table>
    </div>
  );
}
