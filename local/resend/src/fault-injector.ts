import { bareAddress } from "./http-util";
import type { FaultSettings } from "./types";

export const defaultFaults: FaultSettings = {
  latencyMs: 0,
  jitterMs: 0,
  errorRate: 0,
  errorsPerKey: -1,
  failNext: 0,
  outageUntil: 0,
  outageMode: "503",
  rateLimitPerSecond: 0,
  holdAfter: -1,
  bounce: [],
  complain: [],
};

// Resend's own test addresses behave the same way here.
const BUILTIN_BOUNCE = ["bounced@resend.dev"];
const BUILTIN_COMPLAIN = ["complained@resend.dev"];

/** Validates a partial settings object (from env or the JSON endpoint); throws with a readable message. */
export function parseFaultPatch(input: unknown, now = Date.now()): Partial<FaultSettings> {
  if (typeof input !== "object" || input === null || Array.isArray(input)) throw new Error("faults must be a JSON object");
  const src = input as Record<string, unknown>;
  const out: Partial<FaultSettings> = {};
  const num = (k: string, min: number, max: number): number | undefined => {
    if (src[k] === undefined) return undefined;
    const v = Number(src[k]);
    if (!Number.isFinite(v) || v < min || v > max) throw new Error(`${k} must be a number between ${min} and ${max}`);
    return v;
  };
  const list = (k: string): string[] | undefined => {
    const v = src[k];
    if (v === undefined) return undefined;
    const items = Array.isArray(v) ? v : String(v).split(",");
    return items.map((x) => String(x).trim().toLowerCase()).filter(Boolean);
  };
  const set = <K extends keyof FaultSettings>(k: K, v: FaultSettings[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set("latencyMs", num("latencyMs", 0, 600_000));
  set("jitterMs", num("jitterMs", 0, 600_000));
  set("errorRate", num("errorRate", 0, 1));
  set("errorsPerKey", num("errorsPerKey", -1, 1e9));
  set("failNext", num("failNext", 0, 1e9));
  set("rateLimitPerSecond", num("rateLimitPerSecond", 0, 1e9));
  set("holdAfter", num("holdAfter", -1, 1e9));
  set("outageUntil", num("outageUntil", 0, 8.64e15));
  const outageForMs = num("outageForMs", 0, 8.64e15);
  if (outageForMs !== undefined) out.outageUntil = outageForMs === 0 ? 0 : now + outageForMs;
  if (src.outageMode !== undefined) {
    if (src.outageMode !== "503" && src.outageMode !== "reset") throw new Error('outageMode must be "503" or "reset"');
    out.outageMode = src.outageMode;
  }
  set("bounce", list("bounce"));
  set("complain", list("complain"));
  return out;
}

function matches(patterns: string[], address: string): boolean {
  const addr = bareAddress(address);
  const domain = addr.slice(addr.lastIndexOf("@") + 1);
  return patterns.some((p) => p === addr || (p.startsWith("*@") && p.slice(2) === domain));
}

/** Requests the log keeps: hours at a provider limit of a few a second. */
const REQUEST_LOG_MAX = 50_000;

export class FaultInjector {
  settings: FaultSettings;
  /** Send requests waiting at the gate (holdAfter), oldest first. */
  private held: (() => void)[] = [];
  /** Send requests received (POST /emails and /emails/batch, whatever their answer), and those refused with a 429. */
  readonly requests = { total: 0, rateLimited: 0 };
  /**
   * When each API request reached the rate limiter and whether it passed (the newest REQUEST_LOG_MAX):
   * the benchmark reads where a limited blast lost its places in the provider's seconds.
   */
  readonly requestLog: { at: number; limited: boolean }[] = [];

  logRequest(at: number, limited: boolean): void {
    if (this.requestLog.length >= REQUEST_LOG_MAX) this.requestLog.splice(0, this.requestLog.length - REQUEST_LOG_MAX + 1);
    this.requestLog.push({ at, limited });
  }
  /** 500s given per idempotency key by errorRate, for errorsPerKey (forgotten when the settings change). */
  private errorsByKey = new Map<string, number>();

  constructor(private readonly initial: FaultSettings) {
    this.settings = { ...initial };
  }

  update(patch: Partial<FaultSettings>): FaultSettings {
    this.settings = { ...this.settings, ...patch };
    if (patch.errorsPerKey !== undefined || patch.errorRate !== undefined) this.errorsByKey.clear();
    this.releaseHeld();
    return this.settings;
  }

  reset(): FaultSettings {
    this.settings = { ...this.initial };
    this.errorsByKey.clear();
    this.releaseHeld();
    return this.settings;
  }

  /** Resolves when this send request may proceed: at once while the gate is open or has passes left. */
  gate(): Promise<void> {
    if (this.settings.holdAfter < 0) return Promise.resolve();
    if (this.settings.holdAfter > 0) {
      this.settings.holdAfter -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.held.push(resolve));
  }

  get heldCount(): number {
    return this.held.length;
  }

  private releaseHeld(): void {
    while (this.held.length > 0 && this.settings.holdAfter !== 0) {
      if (this.settings.holdAfter > 0) this.settings.holdAfter -= 1;
      this.held.shift()!();
    }
  }

  inOutage(now = Date.now()): boolean {
    return this.settings.outageUntil > now;
  }

  latency(): number {
    const { latencyMs, jitterMs } = this.settings;
    return latencyMs + (jitterMs > 0 ? Math.floor(Math.random() * jitterMs) : 0);
  }

  /** Decides (and consumes a failNext) whether this request gets an injected 500. */
  shouldFail(idempotencyKey?: string): boolean {
    if (this.settings.failNext > 0) {
      this.settings.failNext -= 1;
      return true;
    }
    if (!(this.settings.errorRate > 0 && Math.random() < this.settings.errorRate)) return false;
    const cap = this.settings.errorsPerKey;
    if (cap < 0 || idempotencyKey === undefined) return true;
    const failed = this.errorsByKey.get(idempotencyKey) ?? 0;
    if (failed >= cap) return false;
    this.errorsByKey.set(idempotencyKey, failed + 1);
    return true;
  }

  outcomeFor(recipients: string[]): "delivered" | "bounced" | "complained" {
    if (recipients.some((r) => matches([...BUILTIN_BOUNCE, ...this.settings.bounce], r))) return "bounced";
    if (recipients.some((r) => matches([...BUILTIN_COMPLAIN, ...this.settings.complain], r))) return "complained";
    return "delivered";
  }
}
