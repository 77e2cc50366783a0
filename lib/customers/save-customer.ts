import type { Db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { AppError, notFound } from "@/lib/errors";
import { logActivity } from "@/lib/activity/log-activity";
import { normalizeEmail } from "./normalize-email";
import { normalizeTags } from "./normalize-tags";
import { forgetTagsInUse } from "@/lib/customers/tags-in-use";

export type CustomerFields = { firstName: string; lastName: string; email: string; phone?: string; tags: string[] | string };

type Ctx = { accountId: string; userId: string };

const duplicate = (email: string) =>
  new AppError("CONFLICT", `Another customer already uses ${email}. Open that customer instead, or use a different address.`);

function fields(input: CustomerFields) {
  const email = input.email.trim();
  return {
    firstName: input.firstName.trim(),
    lastName: input.lastName.trim(),
    email,
    emailNormalized: normalizeEmail(email),
    phone: (input.phone ?? "").trim(),
    tags: normalizeTags(input.tags),
  };
}

// The unique index (accountId, emailNormalized) is the real guard; a race between two saves ends here.
function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

export async function createCustomer(db: Db, ctx: Ctx, input: CustomerFields): Promise<{ id: string }> {
  const data = fields(input);
  try {
    return await db.$transaction(async (tx) => {
      const customer = await tx.customer.create({ data: { ...data, accountId: ctx.accountId }, select: { id: true } });
      await logActivity(tx, {
        accountId: ctx.accountId,
        userId: ctx.userId,
        customerId: customer.id,
        type: "customer.created",
        detail: { email: data.email },
      });
      return customer;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(data.email);
    throw error;
  } finally {
    forgetTagsInUse(ctx.accountId); // the tag filter shows a new tag at once
  }
}

export async function updateCustomer(db: Db, ctx: Ctx & { customerId: string }, input: CustomerFields): Promise<void> {
  const data = fields(input);
  try {
    await db.$transaction(async (tx) => {
      const before = await tx.customer.findFirst({ where: { id: ctx.customerId, accountId: ctx.accountId } });
      if (!before) throw notFound("Customer");
      const changed = (Object.keys(data) as (keyof typeof data)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(data[k]));
      if (changed.length === 0) return;
      await tx.customer.update({ where: { id: before.id }, data });
      await logActivity(tx, {
        accountId: ctx.accountId,
        userId: ctx.userId,
        customerId: before.id,
        type: "customer.updated",
        detail: { changed },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(data.email);
    throw error;
  } finally {
    forgetTagsInUse(ctx.accountId); // the tag filter shows a new tag at once
  }
}
