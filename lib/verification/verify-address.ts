import type { PrismaClient } from "@/lib/generated/prisma/client";
import { normalizeEmail } from "@/lib/customers/normalize-email";
import { checkAddressLocally, checkSyntax } from "./check-address-locally";
import { DEFAULT_CACHE_TTL_MS, type VerificationConfig, type VerificationResult } from "./verification-types";
import { verifyWithKickbox } from "./verify-with-kickbox";

type Db = Pick<PrismaClient, "suppression" | "emailVerification">;

/**
 * What the database already says about an address, when the caller read it along with other rows (the
 * per-recipient check reads delivery, customer, suppression and cache in one statement).
 */
export type KnownRecords = {
  suppressionKind: string | null;
  cached: { result: string; reason: string | null; expiresAt: Date } | null;
};

/**
 * Should Blast mail this address? Order matters: syntax (free), the suppression list (always fresh: a
 * bounce recorded a minute ago wins over a month-old "valid"), the cache, then Kickbox or local rules.
 * Kickbox's clear answers are cached (each costs a paid call); "unknown" never is, so the next attempt
 * asks again. Local rules are not cached: they cost microseconds, and caching them was a write per
 * recipient of every blast that nothing needed.
 */
export async function verifyAddress({
  db,
  email,
  config,
  now = new Date(),
  fetchImpl,
  known,
}: {
  db: Db;
  email: string;
  config: VerificationConfig;
  now?: Date;
  fetchImpl?: typeof fetch;
  /** The suppression and cache rows, if the caller has read them already (fresh, in the same request). */
  known?: KnownRecords;
}): Promise<VerificationResult> {
  const normalized = normalizeEmail(email);
  if (!checkSyntax(normalized)) return { verdict: "invalid", reason: "syntax", source: "local" };

  const suppressionKind = known
    ? known.suppressionKind
    : ((await db.suppression.findFirst({ where: { emailNormalized: normalized }, orderBy: { createdAt: "asc" } }))?.kind ?? null);
  if (suppressionKind) return { verdict: "invalid", reason: `suppressed_${suppressionKind.toLowerCase()}`, source: "suppression" };

  const cached = known ? known.cached : await db.emailVerification.findUnique({ where: { emailNormalized: normalized } });
  if (cached && cached.expiresAt > now && (cached.result === "valid" || cached.result === "invalid")) {
    return { verdict: cached.result, reason: cached.reason ?? "cached", source: "cache" };
  }

  let result = checkAddressLocally(normalized);
  if (result.verdict === "valid" && config.kickboxApiKey) {
    result = await verifyWithKickbox({
      email: normalized,
      apiKey: config.kickboxApiKey,
      baseUrl: config.kickboxBaseUrl,
      timeoutMs: config.timeoutMs,
      fetchImpl,
    });
  }
  if (result.verdict !== "unknown" && result.source !== "local") {
    const data = {
      result: result.verdict,
      reason: result.reason,
      provider: result.source,
      checkedAt: now,
      expiresAt: new Date(now.getTime() + (config.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS)),
    };
    try {
      await db.emailVerification.upsert({
        where: { emailNormalized: normalized },
        create: { emailNormalized: normalized, ...data },
        update: data,
      });
    } catch (err) {
      // Two workers verifying the same address at once: the other one cached it; the answer stands.
      if ((err as { code?: string }).code !== "P2002") throw err;
    }
  }
  return result;
}

export function verificationConfigFromEnv(env: Record<string, string | undefined> = process.env): VerificationConfig {
  return { kickboxApiKey: env.KICKBOX_API_KEY || undefined, kickboxBaseUrl: env.KICKBOX_BASE_URL || undefined };
}
