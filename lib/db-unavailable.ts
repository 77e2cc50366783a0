/**
 * Is this error "the database cannot be reached right now" (refused, restarting, shutting down, the
 * connection cut), as opposed to a bad query or a broken rule? Such errors are worth waiting out: the
 * worker's pool waits for the server to come back, the dashboard says "database unavailable, retrying"
 * instead of showing a failure, /api/health answers 503. Walks the cause chain, because Prisma wraps the
 * driver's error (pg: `code` ECONNREFUSED / 57P0x; Prisma: P1001 can't reach, P1017 connection closed).
 */
const CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "57P01", // admin_shutdown: the server is stopping
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: starting up or shutting down
  "08000",
  "08001",
  "08003",
  "08006", // connection failures
  "P1001", // Prisma: can't reach database server
  "P1002", // Prisma: reached but timed out
  "P1017", // Prisma: server has closed the connection
]);
const MESSAGES =
  /ECONNREFUSED|ECONNRESET|Connection terminated|connection (was )?closed|the database system is (starting up|shutting down|in recovery mode)|terminating connection due to administrator command|Can't reach database server|Server has closed the connection|DatabaseNotReachable/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let e: unknown = error;
  while (e && typeof e === "object" && !seen.has(e)) {
    seen.add(e);
    const { code, message, kind } = e as { code?: unknown; message?: unknown; kind?: unknown };
    if (typeof code === "string" && CODES.has(code)) return true;
    if (typeof kind === "string" && /DatabaseNotReachable|ConnectionClosed|SocketTimeout/.test(kind)) return true;
    if (typeof message === "string" && MESSAGES.test(message)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  if (error instanceof AggregateError) return error.errors.some(isDatabaseUnavailable);
  return false;
}
