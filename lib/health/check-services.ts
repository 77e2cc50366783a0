import { timingSafeEqual } from "node:crypto";

/**
 * The state of the services Blast depends on, for GET /api/health. A service that answers HTTP at all
 * is up (we probe reachability, not its API); a refused connection or a timeout is down.
 */
export type ServiceState = { status: "up" | "down" | "unchecked"; target: string; detail?: string; ms?: number };

export async function probeHttp(url: string, timeoutMs = 2_000): Promise<ServiceState> {
  const started = Date.now();
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "manual" });
    await res.body?.cancel();
    return { status: "up", target: url, ms: Date.now() - started };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { status: "down", target: url, detail: cause ?? (error as Error).name, ms: Date.now() - started };
  }
}

/** A database that neither answers nor refuses (a dropped network, a pool waiting for it) is down after timeoutMs. */
export async function probeDatabase(query: () => Promise<unknown>, target: string, timeoutMs = 2_000): Promise<ServiceState> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      query(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: "up", target, ms: Date.now() - started };
  } catch (error) {
    return { status: "down", target, detail: (error as Error).message.slice(0, 200), ms: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

export function inngestTarget(env: { INNGEST_BASE_URL?: string; INNGEST_DEV?: string }): string | null {
  if (env.INNGEST_BASE_URL) return env.INNGEST_BASE_URL;
  if (env.INNGEST_DEV && /^https?:/.test(env.INNGEST_DEV)) return env.INNGEST_DEV;
  if (env.INNGEST_DEV) return "http://localhost:8288";
  return null; // Inngest Cloud: reachable only with keys; not probed.
}

export function mailTarget(env: { RESEND_API_KEY?: string; RESEND_BASE_URL?: string }): string | null {
  if (env.RESEND_BASE_URL) return env.RESEND_BASE_URL;
  return null; // Resend's hosted API: not probed (every call counts against the team's rate limit).
}

export type OverallStatus = "up" | "degraded" | "down";

/** Without its database Blast can do nothing (down); without the engine or provider it delays work (degraded). */
export function overall(database: ServiceState, others: ServiceState[]): OverallStatus {
  if (database.status === "down") return "down";
  return others.some((s) => s.status === "down") ? "degraded" : "up";
}

/**
 * Which services and addresses Blast uses is for the people who run it: the details are shown only to a
 * caller presenting HEALTH_TOKEN (`Authorization: Bearer …`); anyone else gets the status alone.
 */
export function mayReadDetails(authorization: string | null, healthToken: string | undefined): boolean {
  if (!healthToken || !authorization) return false;
  const given = Buffer.from(authorization.replace(/^Bearer\s+/i, "").trim());
  const expected = Buffer.from(healthToken);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
