import type { Db } from "@/lib/db";

/**
 * Headroom per sliding second (40 ms: 96 % of the limit at most, measured free of 429s here). Resend counts requests in a sliding one-second window, and a request
 * reaches it a little after it is paced (the HTTP call, a busy event loop); without headroom two requests
 * paced exactly a second apart can land inside one window and the later one gets a 429.
 */
const HEADROOM_MS = 40;

/**
 * The pacing gate every provider request passes — first attempts and retries alike, from every worker
 * process: reserves the earliest moment at which the request keeps every sliding second at or under
 * `perSecond` requests, and returns how many milliseconds to wait for it. The latest slots live in one
 * row, locked for the few microseconds of the reservation, and times are the database's clock, so
 * processes on several machines agree.
 */
export async function reserveProviderSlot(db: Db, perSecond: number): Promise<number> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`INSERT INTO "ProviderPace" ("id") VALUES ('provider') ON CONFLICT DO NOTHING`;
    const [row] = await tx.$queryRaw<{ stamps: unknown; now: number }[]>`
      SELECT "stamps", (extract(epoch from clock_timestamp()) * 1000)::float8 AS now FROM "ProviderPace" WHERE "id" = 'provider' FOR UPDATE`;
    const stamps = (Array.isArray(row.stamps) ? (row.stamps as number[]) : []).slice(-perSecond);
    const now = Number(row.now);
    const slot = stamps.length < perSecond ? now : Math.max(now, stamps[0] + 1000 + HEADROOM_MS);
    const kept = [...stamps, slot].sort((a, b) => a - b).slice(-perSecond);
    await tx.$executeRaw`UPDATE "ProviderPace" SET "stamps" = ${JSON.stringify(kept)}::jsonb WHERE "id" = 'provider'`;
    return Math.max(0, Math.ceil(slot - now));
  });
}
