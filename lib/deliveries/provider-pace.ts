import type { Db } from "@/lib/db";
import { clearToDepart, earliestSlot, PACE_WINDOW_MS } from "./provider-pace-rules";

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
export async function reserveProviderSlot(db: Db, perSecond: number): Promise<{ waitMs: number; stamp: number }> {
  return onPaceRow(db, (stamps, now) => {
    const stamp = earliestSlot(stamps, now, perSecond);
    return { stamps: [...stamps, stamp], result: { waitMs: Math.max(0, Math.ceil(stamp - now)), stamp } };
  });
}

/** Gives back a booking that will not be used, so it does not hold a request's place in the second. */
export async function releaseProviderSlot(db: Db, stamp: number): Promise<void> {
  await onPaceRow(db, (stamps) => ({ stamps: withoutOne(stamps, stamp), result: undefined }));
}

/**
 * Waits until one more request keeps the sliding second (plus headroom) at or under `perSecond`
 * requests, counting the requests that have left and the bookings already due, then stamps this request
 * as leaving now. `held` is this request's booking, if it has one: it is replaced, not counted.
 */
export async function departWhenClear(db: Db, perSecond: number, held: number | null = null): Promise<void> {
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

async function onPaceRow<T>(db: Db, change: (stamps: number[], now: number) => { stamps: number[]; result: T }): Promise<T> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`INSERT INTO "ProviderPace" ("id") VALUES ('provider') ON CONFLICT DO NOTHING`;
    const [row] = await tx.$queryRaw<{ stamps: unknown; now: number }[]>`
      SELECT "stamps", (extract(epoch from clock_timestamp()) * 1000)::float8 AS now FROM "ProviderPace" WHERE "id" = 'provider' FOR UPDATE`;
    const now = Number(row.now);
    // Stamps older than a window can no longer share one with a new request.
    const live = (Array.isArray(row.stamps) ? (row.stamps as number[]) : []).filter((t) => t > now - PACE_WINDOW_MS);
    const { stamps, result } = change(live, now);
    await tx.$executeRaw`UPDATE "ProviderPace" SET "stamps" = ${JSON.stringify(stamps.sort((a, b) => a - b))}::jsonb WHERE "id" = 'provider'`;
    return result;
  });
}

function withoutOne(stamps: number[], stamp: number): number[] {
  const i = stamps.indexOf(stamp);
  return i < 0 ? stamps : [...stamps.slice(0, i), ...stamps.slice(i + 1)];
}
