import { z } from "zod";
import { DEFAULT_MAIL_FROM } from "@/lib/mail/mail-config-from-env";
import { sendingLimitsShape } from "@/lib/sending-limits";

/**
 * Blast's configuration, validated once. Every variable is listed in the README's configuration table.
 * The start script (scripts/start.ts) fills the embedded defaults — local stand-ins' URLs and secrets
 * generated once into DATA_DIR — so a fresh clone runs with no configuration at all; production sets
 * the real values.
 */
const optionalUrl = z
  .url()
  .optional()
  .or(z.literal("").transform(() => undefined));
const int = (def: number) => z.coerce.number().int().positive().default(def);

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: int(3000),
  APP_URL: optionalUrl,
  DATA_DIR: z.string().default(".data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),

  AUTH_SECRET: z.string().min(32, "must be at least 32 characters (generate one with `openssl rand -base64 32`)"),
  UNSUBSCRIBE_SECRET: z.string().min(32, "must be at least 32 characters"),

  INNGEST_BASE_URL: optionalUrl,
  INNGEST_DEV: z.string().optional(),
  INNGEST_EVENT_KEY: z.string().optional(),
  INNGEST_SIGNING_KEY: z.string().optional(),

  RESEND_API_KEY: z.string().optional(),
  RESEND_BASE_URL: optionalUrl,
  RESEND_WEBHOOK_SECRET: z.string().optional(),
  /** The platform's sending address (a domain verified at Resend); the display name is the agency's. */
  MAIL_FROM: z.string().default(DEFAULT_MAIL_FROM),
  RESEND_TIMEOUT_MS: int(30_000),
  KICKBOX_API_KEY: z.string().optional(),
  KICKBOX_BASE_URL: optionalUrl,

  /** Sending limits (see README "Flow control"). */
  ...sendingLimitsShape,

  /** Lets a caller of GET /api/health with `Authorization: Bearer <token>` see which services are used. */
  HEALTH_TOKEN: z
    .string()
    .min(16, "must be at least 16 characters")
    .optional()
    .or(z.literal("").transform(() => undefined)),

  /** Only for automated tests: enables POST /api/testing/seed when set (never in production). */
  E2E_SEED_TOKEN: z.string().optional(),
});

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Blast's configuration is invalid:\n${lines.join("\n")}\nSee the configuration table in README.md.`);
  }
  return result.data;
}

let cached: Env | undefined;

/** The validated configuration of this process (parsed on first use, so `next build` needs no secrets). */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export function appUrl(env: Env = getEnv()): string {
  return (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");
}
