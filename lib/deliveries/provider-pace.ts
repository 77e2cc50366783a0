import type { Db } from "@/lib/db";
import { clearToDepart, earliestSlot, PACE_WINDOW_MS } from "./provider-pace-rules";

/**
 * What the gate needs of a database: one transaction that runs a few raw statements. The worker's main
 * thread gives its Prisma client; the provider thread (lib/deliveries/provider-door.ts) a plain `pg`
 * pool of its own, so that a request waiting at the gate is not also waiting behind the main thread's
 * event loop.
 */
export type PaceDb = <T>(
  body: (query: (sql: string, ...params: unknown[]) => Promise<Record<string, unknown>[]>) => Promise<T>,
) => Promise<T>;

/** The gate on the worker's Prisma client. */
export const prismaPaceDb =
  (db: Db): PaceDb =>
  (body) =>
    db.$transaction((tx) => body((sql, ...params) => tx.$queryRawUnsafe(sql, ...params)));

const CREATE_ROW = `INSERT INTO "ProviderPace" ("id") VALUES ('provider') ON CONFLICT DO NOTHING`;
const LOCK_ROW = `SELECT "stamps", (extract(epoch from clock_timestamp()) * 1000)::float8 AS now FROM "ProviderPace" WHERE "id" = 'provider' FOR UPDATE`;
const WRITE_ROW = `UPDATE "ProviderPace" SET "stamps" = $1::jsonb WHERE "id" = 'provider'`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * The pacing gate every provider request passes — first attempts and retries alike, from every worker
 * process. Two moves, both on one locked row whose times are the database's clock, so processes on
 * several machines agree:
 *   - `reserveProviderSlot` plans: it books the earliest moment at which one more request fits, so a
 *     turn can claim and compose its batch just before it;
 *   - `departWhenClear` is the gate itself, right before the HTTP request: it replaces the booking with
 *     the moment the request really leaves. A request that leaves late (a slow compose, a busy event loop)
 *     is stamped late, and the requests after it see where it really went — planning alone let a late
 *     request and the next one land inside one provider second, and the provider answered 429.
 * A booking that is not used (the claim found the queue already taken) is given back.
 */
export async function reserveProviderSlot(db: PaceDb, perSecond: number): Promise<{ waitMs: number; stamp: number }> {
  return onPaceRow(db, (stamps, now) => {
    const stamp = earliestSlot(stamps, now, perSecond);
    return { stamps: [...stamps, stamp], result: { waitMs: Math.max(0, Math.ceil(stamp - now)), stamp } };
  });
}

/** Gives back a booking that will not be used, so it does not hold a request's place in the second. */
export async function releaseProviderSlot(db: PaceDb, stamp: number): Promise<void> {
  await onPaceRow(db, (stamps) => ({ stamps: withoutOne(stamps, stamp), result: undefined }));
}

/**
 * Waits until one more request keeps the sliding second (plus headroom) at or under `perSecond`
 * requests, counting the requests that have left and the bookings already due, then stamps this request
 * as leaving now. `held` is this request's booking, if it has one: it is replaced, not counted.
 */
export async function departWhenClear(db: PaceDb, perSecond: number, held: number | null = null): Promise<void> {
  let booking = held;
  for (;;) {
    const wait = await onPaceRow(db, (stamps, now) => {
      const others = booking === null ? stamps : withoutOne(stamps, booking);
      const at = clearToDepart(others, now, perSecond);
      if (at <= now) return { stamps: [...others, now], result: null };
      return { stamps: [...others, at], result: { at, waitMs: at - now } };
    });
    if (wait === null) return;
    booking = wait.at;
    await sleep(wait.waitMs);
  }
}

async function onPaceRow<T>(db: PaceDb, change: (stamps: number[], now: number) => { stamps: number[]; result: T }): Promise<T> {
  return db(async (query) => {
    await query(CREATE_ROW);
    const [row] = await query(LOCK_ROW);
    const now = Number(row.now);
    // Stamps older than a window can no longer share one with a new request.
    const live = (Array.isArray(row.stamps) ? (row.stamps as number[]) : []).filter((t) => t > now - PACE_WINDOW_MS);
    const { stamps, result } = change(live, now);
    await query(WRITE_ROW, JSON.stringify(stamps.sort((a, b) => a - b)));
    return result;
  });
}

function withoutOne(stamps: number[], stamp: number): number[] {
  const i = stamps.indexOf(stamp);
  return i < 0 ? stamps : [...stamps.slice(0, i), ...stamps.slice(i + 1)];
}
