/** Shapes shared by the sink's modules. Field names follow Resend's API (snake_case) on purpose. */

export type LastEvent = "sent" | "delivered" | "bounced" | "complained";
export type WebhookEventType = "email.sent" | "email.delivered" | "email.bounced" | "email.complained";

export type StoredEmail = {
  object: "email";
  id: string;
  created_at: string;
  from: string;
  to: string[];
  cc: string[] | null;
  bcc: string[] | null;
  reply_to: string[] | null;
  subject: string;
  html: string | null;
  text: string | null;
  headers: Record<string, string> | null;
  tags: { name: string; value: string }[] | null;
  scheduled_at: string | null;
  last_event: LastEvent;
  message_id: string;
  /** Sink-only fields (not in Resend's answer): how it arrived and what happened to it. */
  idempotency_key: string | null;
  batch: boolean;
  events: { type: WebhookEventType; at: string }[];
  /**
   * Present (true) when the sink no longer keeps this email's html, text and headers (they read back
   * null): only the newest `keepBodies` emails keep them. Everything else is kept for every email.
   */
  body_dropped?: true;
};

/** What fault injection can change, at start (env) and at run time (POST /_sink/faults). */
export type FaultSettings = {
  /** Added to every API request, in ms (plus up to jitterMs at random). */
  latencyMs: number;
  jitterMs: number;
  /** Fraction (0..1) of API requests answered 500 internal_server_error. */
  errorRate: number;
  /**
   * The most 500s errorRate gives one idempotency key: -1 = no limit; N ≥ 0 = a request whose key has
   * already been failed N times is let through, as a provider whose trouble passes would. A test of
   * retries under a random error rate then cannot lose a batch to bad luck: with N below the sender's
   * retries, every email is sent. Requests without a key are not limited.
   */
  errorsPerKey: number;
  /** The next N API requests are answered 500 (deterministic version of errorRate for tests). */
  failNext: number;
  /** Until this epoch-ms the API is "down": 503 with an HTML body, or the connection is reset. */
  outageUntil: number;
  outageMode: "503" | "reset";
  /**
   * A gate for tests that must hold the provider at a known point: -1 = open; N ≥ 0 = answer N more send
   * requests, then hold every later one unanswered until the gate is opened (or N raised) again.
   */
  holdAfter: number;
  /** API requests per second before 429 rate_limit_exceeded; 0 = unlimited. */
  rateLimitPerSecond: number;
  /** Recipients that bounce / complain: exact addresses or `*@domain`. */
  bounce: string[];
  complain: string[];
};

export type SinkOptions = {
  port?: number;
  host?: string;
  /** Where received emails, idempotency keys and pending webhooks are kept across restarts; null = memory only. */
  dataDir?: string | null;
  /** When set, only this API key is accepted (403 invalid_api_key otherwise). */
  apiKey?: string;
  faults?: Partial<FaultSettings>;
  webhookUrl?: string;
  webhookSecret?: string;
  /** Delay between "sent" and "delivered"/"bounced", and between "delivered" and "complained". */
  deliveryDelayMs?: number;
  /** Waits after each failed webhook attempt; default Svix's: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
  webhookRetryDelaysMs?: number[];
  /** Multiplies those waits, so tests need not wait hours (0.001: 5 s → 5 ms, 10 h → 36 s). Default 1. */
  webhookTimeScale?: number;
  /** Webhook requests in flight at once. Default 16. */
  webhookConcurrency?: number;
  /**
   * How many of the newest emails keep their html, text and headers in memory (default 5,000); older
   * ones keep their metadata and events only, so memory stays bounded however many emails arrive.
   */
  keepBodies?: number;
  log?: (line: string) => void;
};

export type ResendErrorBody = { statusCode: number; name: string; message: string };
