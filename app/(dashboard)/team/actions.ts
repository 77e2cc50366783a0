"use server";

import { revalidatePath } from "next/cache";
import { tenantAction } from "@/app/_lib/tenant-action";
import { appUrl } from "@/lib/env";
import { services } from "@/lib/services";
import { addAgent, reissueSetPasswordLink, type IssuedLink } from "@/lib/team/add-agent";
import { changeAgentRole, setAgentActive } from "@/lib/team/change-agent";
import { sendSetPasswordEmail, setPasswordUrl } from "@/lib/team/send-set-password-email";
import { addAgentSchema, agentIdSchema, changeRoleSchema, setActiveSchema } from "@/lib/team/team.validation";
import type { Tenant } from "@/lib/auth/load-tenant";

// Owners only, checked on the server by tenantAction: an agent calling these gets "Only an owner…".
const OWNER = { role: "OWNER" } as const;
const actor = (t: Tenant) => ({ accountId: t.accountId, userId: t.userId });

/** Emails the link, and hands it to the owner once (it is not stored in a readable form anywhere). */
async function deliver(link: IssuedLink, tenant: Tenant) {
  const { mailer } = await services();
  const url = setPasswordUrl(appUrl(), link.token);
  const email = await sendSetPasswordEmail(mailer, {
    link,
    agencyName: tenant.account.name,
    invitedBy: tenant.user.name,
    appUrl: appUrl(),
  }).catch((e: unknown) => ({
    sent: false,
    reason: e instanceof Error ? e.message : String(e),
  }));
  if (!email.sent) console.error("[team] set-password email not sent", email.reason);
  return { agentId: link.agentId, email: link.email, url, expiresAt: link.expiresAt.toISOString(), emailed: email.sent };
}

export const addAgentAction = tenantAction(
  addAgentSchema,
  async (input, { tenant, db }) => {
    const link = await addAgent(db, actor(tenant), input);
    revalidatePath("/team");
    return deliver(link, tenant);
  },
  OWNER,
);

export const reissueLinkAction = tenantAction(
  agentIdSchema,
  async ({ agentId }, { tenant, db }) => {
    const link = await reissueSetPasswordLink(db, actor(tenant), agentId);
    revalidatePath("/team");
    return deliver(link, tenant);
  },
  OWNER,
);

export const changeRoleAction = tenantAction(
  changeRoleSchema,
  async ({ agentId, role }, { tenant, db }) => {
    const { changed } = await changeAgentRole(db, actor(tenant), agentId, role);
    revalidatePath("/team");
    return changed ? `Role changed to ${role === "OWNER" ? "owner" : "agent"}.` : "No change.";
  },
  OWNER,
);

export const setAgentActiveAction = tenantAction(
  setActiveSchema,
  async ({ agentId, active }, { tenant, db }) => {
    const { changed } = await setAgentActive(db, actor(tenant), agentId, active);
    revalidatePath("/team");
    if (!changed) return "No change.";
    return active
      ? "Agent reactivated: they can sign in again."
      : "Agent deactivated: they are signed out and their scheduled blasts will not be sent.";
  },
  OWNER,
);
