/**
 * Refuses a signed engine call whose exact signature was already used. The SDK checks each call's
 * HMAC and rejects signatures older than 5 minutes; within those 5 minutes a captured call could be
 * sent again and would run its step again and return the step's output to whoever replayed it. The
 * engine signs every call afresh (a new timestamp and a body that names the attempt), so a repeated
 * signature is never the engine's.
 *
 * The memory is per process and bounded: entries older than the SDK's window are useless (the SDK
 * refuses those calls anyway) and are dropped first.
 */
const WINDOW_MS = 5 * 60_000 + 30_000;
const MAX_ENTRIES = 200_000;

export class ReplayGuard {
  private seen = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** True the first time a signature is presented; false for a replay. */
  admit(signature: string): boolean {
    const now = this.now();
    const at = this.seen.get(signature);
    if (at !== undefined && now - at < WINDOW_MS) return false;
    this.seen.set(signature, now);
    if (this.seen.size > MAX_ENTRIES) this.prune(now);
    return true;
  }

  private prune(now: number): void {
    // Map keeps insertion order, so the oldest entries come first.
    for (const [key, at] of this.seen) {
      if (now - at < WINDOW_MS && this.seen.size <= MAX_ENTRIES) break;
      this.seen.delete(key);
    }
  }

  get size(): number {
    return this.seen.size;
  }
}

type Handler<R extends Request> = (req: R, ctx?: unknown) => Promise<Response> | Response;

/**
 * Wraps the serve route's POST. A call with no signature passes through to the SDK, which answers it:
 * in cloud mode it refuses it, in dev mode (a real dev server on a laptop) it has to run it.
 */
/** The guard of this process's serve route (exported so tests can present a signature as already used). */
export const engineCallGuard = new ReplayGuard();

export function refuseReplays<R extends Request>(handler: Handler<R>, guard = engineCallGuard): Handler<R> {
  return (req, ctx) => {
    const signature = req.headers.get("x-inngest-signature");
    if (signature && !guard.admit(signature)) {
      return Response.json({ message: "Unauthorized", code: "replayed_signature" }, { status: 401 });
    }
    return handler(req, ctx);
  };
}
