import { randomUUID } from "node:crypto";
import { NextResponse } from "next/server";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { createAgency } from "@/lib/accounts/create-agency";
import { demoCustomers, seedCustomers } from "@/lib/accounts/seed-demo";

/**
 * For automated tests only: each e2e test seeds its own agency through the running app, because the
 * embedded database (PGlite) belongs to the server process alone. Answers 404 unless E2E_SEED_TOKEN is
 * configured, and 401 without that token.
 */
const bodySchema = z.object({ customers: z.number().int().min(0).max(5_000).default(20), credit: z.number().int().min(0).default(500) });

export async function POST(request: Request) {
  const token = getEnv().E2E_SEED_TOKEN;
  if (!token) return new NextResponse("Not found", { status: 404 });
  if (request.headers.get("authorization") !== `Bearer ${token}`) return new NextResponse("Unauthorized", { status: 401 });
  const body = bodySchema.parse(await request.json().catch(() => ({})));
  const tag = randomUUID().slice(0, 8);
  const password = `pw-${randomUUID()}`;
  const db = await getDb();
  const { account, owner } = await createAgency(db, {
    name: `Test Agency ${tag}`,
    senderName: `Test Agency ${tag}`,
    senderEmail: `agency-${tag}@agency.test`,
    postalAddress: "1 Test Road, Testville",
    owner: { name: `Owner ${tag}`, email: `owner-${tag}@agency.test`, password },
    credit: body.credit,
  });
  const customers = demoCustomers(body.customers).map((c) => ({ ...c, email: c.email.replace("@", `+${tag}@`) }));
  await seedCustomers(db, account.id, customers);
  return NextResponse.json({ accountId: account.id, accountName: account.name, email: owner.email, password, name: owner.name });
}
