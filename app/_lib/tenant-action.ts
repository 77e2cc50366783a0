import type { z } from "zod";
import { getDb, type Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isDatabaseUnavailable } from "@/lib/db-unavailable";
import type { Tenant } from "@/lib/auth/load-tenant";
import { getTenant } from "@/app/_lib/tenant";

export type ActionResult<T = undefined> =
  { ok: true; data: T; message?: string } | { ok: false; error: string; fieldErrors?: Record<string, string[]> };

type Options = { role?: "OWNER" };
type Handler<S extends z.ZodType, T> = (input: z.infer<S>, ctx: { tenant: Tenant; db: Db }) => Promise<T>;

/**
 * Every server action goes through this: session required (the account id comes from the session only),
 * role checked on the server, input parsed with the action's zod schema, expected errors turned into a
 * message and unexpected ones masked. Accepts a plain object or FormData.
 */
/** Said when the database is down: the action answers (the form keeps what was typed) instead of failing the page. */
export const DATABASE_UNAVAILABLE =
  "The database is unavailable right now, Blast is retrying. Nothing was changed and your input is kept: try again in a moment.";

export function tenantAction<S extends z.ZodType, T>(schema: S, handler: Handler<S, T>, options: Options = {}) {
  const action = runTenantAction(schema, handler, options);
  return async (input: unknown): Promise<ActionResult<T>> => {
    try {
      return await action(input);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      console.error("[action] database unavailable:", (error as Error).message);
      return { ok: false, error: DATABASE_UNAVAILABLE };
    }
  };
}

function runTenantAction<S extends z.ZodType, T>(schema: S, handler: Handler<S, T>, options: Options) {
  return async (input: unknown): Promise<ActionResult<T>> => {
    const tenant = await getTenant();
    if (!tenant) return { ok: false, error: "Your session has ended. Please sign in again." };
    if (options.role === "OWNER" && tenant.role !== "OWNER") {
      return { ok: false, error: "Only an owner of the agency can do this." };
    }
    const raw = input instanceof FormData ? formDataToObject(input) : input;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const fieldErrors: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path.join(".") || "_";
        (fieldErrors[key] ??= []).push(issue.message);
      }
      return { ok: false, error: parsed.error.issues[0]?.message ?? "Invalid input", fieldErrors };
    }
    try {
      const data = await handler(parsed.data, { tenant, db: await getDb() });
      return { ok: true, data };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.message };
      // Next's redirect()/notFound() are thrown; let them through.
      if (isNextControlFlow(error) || isDatabaseUnavailable(error)) throw error;
      console.error("[action]", error);
      return { ok: false, error: "Something went wrong on our side. Nothing was changed; please try again." };
    }
  };
}

function formDataToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (key.startsWith("$ACTION")) continue;
    if (key in out) out[key] = ([] as unknown[]).concat(out[key], value);
    else out[key] = value;
  }
  return out;
}

function isNextControlFlow(error: unknown): boolean {
  const digest = (error as { digest?: unknown })?.digest;
  return typeof digest === "string" && (digest.startsWith("NEXT_REDIRECT") || digest.startsWith("NEXT_HTTP_ERROR"));
}
