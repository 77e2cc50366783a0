import { NextResponse } from "next/server";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { parseDatabaseUrl, resolveDatabaseUrl } from "@/lib/db-url";
import {
  inngestTarget,
  mailTarget,
  mayReadDetails,
  overall,
  probeDatabase,
  probeHttp,
  type ServiceState,
} from "@/lib/health/check-services";

export const dynamic = "force-dynamic";

// Public for load balancers and the start script: anyone gets up / degraded / down (200 or 503); which
// database, engine and provider addresses are used only with HEALTH_TOKEN.
export async function GET(request: Request) {
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
  const status = overall(database, [engine, provider]);
  const details = mayReadDetails(request.headers.get("authorization"), env.HEALTH_TOKEN);
  return NextResponse.json(details ? { status, database, inngest: engine, mail: provider } : { status }, {
    status: status === "up" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
