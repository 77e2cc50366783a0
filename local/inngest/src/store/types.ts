// The executor's durable model. Everything here is plain JSON so it can be journaled as-is.

export interface JsonError {
  name: string;
  message: string;
  stack?: string;
  [k: string]: unknown;
}

/** An event as functions see it. `id` is the sender's id, or the internal id when none was given. */
export interface EventPayload {
  id: string;
  name: string;
  data: Record<string, unknown>;
  ts: number;
  v?: string;
  user?: unknown;
  meta?: unknown;
}

export interface StoredEvent {
  internalId: string;
  receivedAt: number;
  event: EventPayload;
  dedupeKey?: string;
  runIds: string[];
}

export interface ConcurrencyOpt {
  limit: number;
  key?: string;
  scope?: "fn" | "env" | "account";
}

export interface FnConfig {
  id: string;
  name?: string;
  triggers: Array<{ event?: string; expression?: string; cron?: string }>;
  steps: Record<string, { id: string; name: string; runtime: { type: string; url: string }; retries?: { attempts?: number } }>;
  concurrency?: number | ConcurrencyOpt | ConcurrencyOpt[];
  throttle?: { limit: number; period: string; key?: string; burst?: number };
  rateLimit?: { limit: number; period: string; key?: string };
  idempotency?: string;
  priority?: { run?: string };
  cancel?: Array<{ event: string; if?: string; timeout?: string }>;
  debounce?: unknown;
  batchEvents?: unknown;
  timeouts?: unknown;
  singleton?: unknown;
  [k: string]: unknown;
}

export interface AppRecord {
  name: string;
  url: string;
  syncedAt: number;
  fns: FnConfig[];
  sdk?: string;
}

/** A memoized step result in the wire shape the SDK's step schema accepts without ambiguity. */
export type Memo = { type: "data"; data: unknown } | { type: "error"; error: JsonError } | { type: "input"; input: unknown };

/** Work a run is waiting on, keyed by step id ("step" = call the function to discover what is next). */
export type Pending =
  | { kind: "call"; step: string; attempt: number; at: number; tok: string; start?: boolean }
  | { kind: "sleep"; step: string; until: number; tok: string }
  | { kind: "wait"; step: string; event: string; if?: string; until: number; since: number; tok: string }
  | { kind: "invoke"; step: string; child: string; until?: number; tok: string };

export interface StepLog {
  id: string;
  name?: string;
  op?: string;
  status: "planned" | "running" | "completed" | "errored" | "failed" | "sleeping" | "waiting" | "invoking";
  attempts: number;
  startedAt?: number;
  endedAt?: number;
  until?: number;
  error?: JsonError;
  /** Reported through a checkpoint while the request was still open (SDK checkpointing). */
  checkpointed?: boolean;
}

export type RunStatus = "Queued" | "Running" | "Completed" | "Failed" | "Cancelled";

export interface Run {
  id: string;
  fnId: string;
  app: string;
  status: RunStatus;
  event: EventPayload;
  /** All events of a batch; absent when the run has just its one `event` (most runs: saves memory). */
  events?: EventPayload[];
  eventInternalId?: string;
  createdAt: number;
  startedAt?: number;
  endedAt?: number;
  maxAttempts: number;
  priority: number;
  ckeys: Array<{ key: string; limit: number }>;
  tkey?: string;
  steps: Record<string, Memo>;
  stack: string[];
  pending: Record<string, Pending>;
  log: Record<string, StepLog>;
  output?: unknown;
  error?: JsonError;
  parent?: { runId: string; step: string };
  notified?: boolean;
  /** Debounce / batch key while the run is still gathering events. */
  dkey?: string;
  bkey?: string;
  /** Singleton key, while the run is active. */
  skey?: string;
}

export const runEvents = (run: Pick<Run, "event" | "events">): EventPayload[] => run.events ?? [run.event];

export const TERMINAL: ReadonlySet<RunStatus> = new Set(["Completed", "Failed", "Cancelled"]);

export interface RunUpdate {
  t: "u";
  id: string;
  set?: Partial<Run>;
  memo?: Record<string, Memo>;
  pend?: Record<string, Pending | null>;
  log?: Record<string, Partial<StepLog>>;
}

export type JournalRecord =
  | { t: "app"; app: AppRecord }
  | { t: "ev"; e: StoredEvent }
  | { t: "run"; r: Run }
  | RunUpdate
  | { t: "kv"; k: string; v: number | null }
  /** The run finished, its follow-ups are done and it was written to history: it leaves memory. */
  | { t: "x"; id: string }
  | { t: "b"; r: JournalRecord[] };
