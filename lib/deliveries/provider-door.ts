import type { Db } from "@/lib/db";
import type { BatchOutcome, Mailer, OutgoingEmail } from "@/lib/mail";
import { departWhenClear, prismaPaceDb, type PaceDb } from "./provider-pace";

/** One request to the provider's batch endpoint, composed and claimed, with its booking at the gate. */
export type ProviderRequest = {
  emails: OutgoingEmail[];
  idempotencyKey: string;
  /** Its booking at the pacing gate (the database clock's epoch ms), if its turn made one. */
  booking: number | null;
  requestsPerSecond: number;
};

/**
 * The last stretch of every provider request: the pacing gate, then the request. Where it runs decides
 * how close to its slot a request leaves. Every millisecond between the moment the gate would let a
 * request go and the moment it goes is lost from the provider's limit for good (the requests after it
 * are spaced from where it really went). On a worker whose event loop also checks recipients, a timer
 * fired 75–100 ms late (p50) and each of the gate's statements waited as long again: at R = 2 a pair of
 * requests left every 1,200–1,270 ms instead of 1,040, until every recipient was checked. So the worker
 * script runs this stretch in a thread of its own (scripts/lib/provider-thread.ts); elsewhere (the
 * in-memory PGlite of tests, a route served by Next) it runs inline.
 */
export type ProviderDoor = (request: ProviderRequest) => Promise<BatchOutcome>;

export async function departAndSend(pace: PaceDb, mailer: Mailer, request: ProviderRequest): Promise<BatchOutcome> {
  await departWhenClear(pace, request.requestsPerSecond, request.booking);
  return mailer.sendBatch(request.emails, { idempotencyKey: request.idempotencyKey });
}

/** The door on the caller's own event loop and database client. */
export const inlineProviderDoor =
  (db: Db, mailer: Mailer): ProviderDoor =>
  (request) =>
    departAndSend(prismaPaceDb(db), mailer, request);
