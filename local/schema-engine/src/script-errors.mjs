// What the PGlite and PostgreSQL adapters share: failed-script errors as the native engine reports them,
// and the URL parameters only Prisma understands.
/**
 * The last error a migration script (executeScript) failed with, in full: the wasm engine only keeps a
 * summary of driver errors, so main.mjs uses this to report a failed migration the way the native engine
 * does (P3018 with the database error code and message).
 */
export const lastScriptError = { current: null };

/** A driver error for a failed script, keeping PostgreSQL's own code and message. */
export async function scriptError(e) {
  const { DriverAdapterError } = await import("@prisma/driver-adapter-utils");
  if (typeof e?.code !== "string" || typeof e?.message !== "string") return e;
  lastScriptError.current = { code: e.code, message: e.message, detail: e.detail, hint: e.hint, position: e.position };
  return new DriverAdapterError({
    kind: "postgres",
    code: e.code,
    severity: e.severity ?? "ERROR",
    message: e.message,
    detail: e.detail,
    column: e.column,
    hint: e.hint,
  });
}

export const PRISMA_ONLY_PARAMS = ["schema", "connection_limit", "pool_timeout", "pgbouncer", "statement_cache_size", "socket_timeout"];
