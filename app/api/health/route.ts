import { NextResponse } from "next/server";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { parseDatabaseUrl, resolveDatabaseUrl } from "@/lib/db-url";
import { inngestTarget, mailTarget, overall, probeDatabase, probeHttp, type ServiceState } from "@/lib/health/check-services";

export const dynamic = "force-dynamic";

export async function GET() {
  const env = getEnv();
  const db = parseDatabaseUrl(resolveDatabaseUrl());
  const inngest = inngestTarget(env);
  const mail = mailTarget(env);
  const unchecked = (target: string): ServiceState => ({ status: "unchecked", target });
  const [database, engine, provider] = await Promise.all([
    probeDatabase(async () => (await getDb()).$queryRaw`SELECT 1`, db.kind === "pglite" ? "pglite" : "postgresql"),
    inngest ? probeHttp(inngest) : unchecked("inngest cloud"),
    mail ? probeHttp(mail) : unchecked("resend"),
  ]);
  const status = overall([database, engine, provider]);
  return NextResponse.json(
    { status, database, inngest: engine, mail: provider },
    { status: status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
