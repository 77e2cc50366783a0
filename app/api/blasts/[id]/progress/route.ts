import { NextResponse } from "next/server";
import { getTenant } from "@/app/_lib/tenant";
import { getDb } from "@/lib/db";
import { blastProgress, getBlast } from "@/lib/blasts/get-blast";

/** The blast page polls this every ~1.5 s while a blast is moving: the counters only, session-scoped. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const tenant = await getTenant();
  const headers = { "cache-control": "no-store" };
  if (!tenant) return NextResponse.json({ error: "Your session has ended. Please sign in again." }, { status: 401, headers });
  const { id } = await params;
  const blast = await getBlast(await getDb(), { accountId: tenant.accountId, blastId: id });
  if (!blast) return NextResponse.json({ error: "Blast not found" }, { status: 404, headers });
  return NextResponse.json(blastProgress(blast), { headers });
}
