import type { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";

type Reader = Pick<Prisma.TransactionClient, "account">;

/**
 * The agency an operator names, by id or by name (any case). Names are not unique in the schema, so a
 * name shared by several agencies is refused with their ids rather than guessed.
 */
export async function findAgency(db: Reader, ref: string) {
  const byId = await db.account.findUnique({ where: { id: ref } });
  if (byId) return byId;
  const byName = await db.account.findMany({
    where: { name: { equals: ref, mode: "insensitive" } },
    orderBy: { createdAt: "asc" },
    take: 10,
  });
  if (byName.length === 1) return byName[0];
  if (byName.length > 1) {
    throw new AppError("CONFLICT", `Several agencies are named "${ref}": name one by its id (${byName.map((a) => a.id).join(", ")})`);
  }
  throw new AppError("NOT_FOUND", `Agency not found: "${ref}" (give an id or a name from list-agencies)`);
}
