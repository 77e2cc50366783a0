import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createAgency } from "@/lib/accounts/create-agency";
import { hashPassword } from "@/lib/auth/password";
import { createUnsubscribeToken } from "@/lib/unsubscribe";
import { addAgent } from "@/lib/team/add-agent";

/**
 * Two agencies. A: an owner and an agent (the signed-in caller). B: the victim — an agent with a pending
 * set-password link, customers, a scheduled blast, a finished blast with a failed delivery, a ready
 * export, activity and an unsubscribe token. Every B row carries a marker string so a leak is visible.
 */
export const MARK = "ZZB-SECRET";

export async function seedWorld(db: PrismaClient, unsubscribeSecret: string) {
  const agency = (tag: string) => ({
    name: `Agency ${tag}`,
    senderName: `Sender ${tag}`,
    senderEmail: `sender-${tag}@iso.test`,
    postalAddress: "1 Road",
    credit: 100,
    owner: { name: `Owner ${tag}`, email: `owner-${tag}@iso.test`, password: `owner-${tag}-password` },
  });
  const a = await createAgency(db, agency("a"));
  const b = await createAgency(db, { ...agency("b"), name: `Agency ${MARK}` });
  const agentA = await db.user.create({
    data: {
      accountId: a.account.id,
      email: "agent-a@iso.test",
      name: "Agent A",
      role: "AGENT",
      passwordHash: await hashPassword("agent-a-password"),
    },
  });
  const customerA = await db.customer.create({
    data: { accountId: a.account.id, firstName: "Alice", email: "alice@cust-a.test", emailNormalized: "alice@cust-a.test", tags: ["vip"] },
  });

  const pendingB = await addAgent(
    db,
    { accountId: b.account.id, userId: b.owner.id },
    { name: `Pending ${MARK}`, email: "pending-b@iso.test", role: "AGENT" },
  );
  const customerB = await db.customer.create({
    data: {
      accountId: b.account.id,
      firstName: `Bob ${MARK}`,
      lastName: "Bee",
      email: "bob@cust-b.test",
      emailNormalized: "bob@cust-b.test",
      tags: ["vip"],
    },
  });
  const customerB2 = await db.customer.create({
    data: { accountId: b.account.id, firstName: `Bea ${MARK}`, email: "bea@cust-b.test", emailNormalized: "bea@cust-b.test" },
  });
  const scheduledBlastB = await db.blast.create({
    data: {
      accountId: b.account.id,
      createdById: b.owner.id,
      templateKey: "office-hours",
      subject: `Scheduled ${MARK}`,
      selection: { mode: "ids", ids: [customerB.id] },
      scheduledAt: new Date(Date.now() + 24 * 3600_000),
      status: "SCHEDULED",
    },
  });
  const doneBlastB = await db.blast.create({
    data: {
      accountId: b.account.id,
      createdById: b.owner.id,
      templateKey: "office-hours",
      subject: `Done ${MARK}`,
      selection: { mode: "all" },
      status: "COMPLETED",
      recipientCount: 2,
      sentCount: 1,
      failedCount: 1,
      startedAt: new Date(),
      completedAt: new Date(),
    },
  });
  const sentDeliveryB = await db.delivery.create({
    data: {
      accountId: b.account.id,
      blastId: doneBlastB.id,
      customerId: customerB.id,
      email: customerB.email,
      status: "SENT",
      providerMessageId: "prov-b-1",
      sentAt: new Date(),
    },
  });
  const failedDeliveryB = await db.delivery.create({
    data: {
      accountId: b.account.id,
      blastId: doneBlastB.id,
      customerId: customerB2.id,
      email: customerB2.email,
      status: "FAILED",
      reason: "provider error",
    },
  });
  await db.activity.create({
    data: { accountId: b.account.id, type: "blast.completed", blastId: doneBlastB.id, customerId: customerB.id, detail: { note: MARK } },
  });
  const exportB = await db.activityExport.create({
    data: {
      accountId: b.account.id,
      userId: b.owner.id,
      status: "READY",
      filters: {},
      rowCount: 1,
      csv: `at,type\n2026-01-01,${MARK}\n`,
      completedAt: new Date(),
    },
  });
  const unsubscribeTokenB = createUnsubscribeToken(unsubscribeSecret, { accountId: b.account.id, customerId: customerB.id });

  return {
    A: { accountId: a.account.id, owner: a.owner, agent: agentA, customer: customerA },
    B: {
      accountId: b.account.id,
      owner: b.owner,
      pendingAgentId: pendingB.agentId,
      pendingAgentToken: pendingB.token,
      customer: customerB,
      customer2: customerB2,
      scheduledBlast: scheduledBlastB,
      doneBlast: doneBlastB,
      sentDelivery: sentDeliveryB,
      failedDelivery: failedDeliveryB,
      exportId: exportB.id,
      unsubscribeToken: unsubscribeTokenB,
    },
  };
}

export type World = Awaited<ReturnType<typeof seedWorld>>;

/** Everything of agency B, in a stable order: equal snapshots before and after a call = nothing of B changed. */
export async function snapshotB(db: PrismaClient, world: World): Promise<string> {
  const accountId = world.B.accountId;
  const byId = { orderBy: { id: "asc" as const } };
  const emails = [world.B.customer.emailNormalized, world.B.customer2.emailNormalized];
  const [account, users, customers, blasts, deliveries, credits, activities, exports, suppressions, outbox] = await Promise.all([
    db.account.findUnique({ where: { id: accountId } }),
    db.user.findMany({ where: { accountId }, ...byId }),
    db.customer.findMany({ where: { accountId }, ...byId }),
    db.blast.findMany({ where: { accountId }, ...byId }),
    db.delivery.findMany({ where: { accountId }, ...byId }),
    db.creditEntry.findMany({ where: { accountId }, ...byId }),
    db.activity.findMany({ where: { accountId }, ...byId }),
    db.activityExport.findMany({ where: { accountId }, ...byId }),
    db.suppression.findMany({ where: { emailNormalized: { in: emails } }, ...byId }),
    db.outboxEvent.findMany(byId),
  ]);
  const bIds = [accountId, world.B.scheduledBlast.id, world.B.doneBlast.id, world.B.customer.id, world.B.customer2.id];
  const outboxOfB = outbox.filter((e) => bIds.some((id) => JSON.stringify(e.data).includes(id)));
  return JSON.stringify({ account, users, customers, blasts, deliveries, credits, activities, exports, suppressions, outboxOfB });
}

/** B's data that must never appear in an answer to A (names, addresses, subjects, the export's content). */
export function leaks(value: unknown): string[] {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? null);
  return [MARK, "bob@cust-b.test", "bea@cust-b.test", "pending-b@iso.test", "owner-b@iso.test", "prov-b-1"].filter((m) =>
    text?.includes(m),
  );
}
