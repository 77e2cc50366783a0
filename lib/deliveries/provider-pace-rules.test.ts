import { describe, expect, it } from "vitest";
import { clearToDepart, earliestSlot, PACE_WINDOW_MS } from "./provider-pace-rules";

/** Requests the provider saw in its worst sliding second. */
function worstSecond(departures: number[]): number {
  return Math.max(0, ...departures.map((d) => departures.filter((x) => x > d - 1_000 && x <= d).length));
}

/** A deterministic PRNG (mulberry32), so a failure replays. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Turns book a slot, then leave late by up to `maxLateMs` (a slow compose, a busy event loop) and pass
 * the gate at the moment they leave — the same moves provider-pace.ts makes on its locked row.
 */
function simulate(opts: { turns: number; perSecond: number; maxLateMs: number; seed: number; gate: boolean }) {
  const rand = random(opts.seed);
  let stamps: number[] = [];
  const departures: number[] = [];
  type Attempt = { at: number; booking: number };
  const queue: Attempt[] = [];
  for (let i = 0; i < opts.turns; i++) {
    const now = i * 20;
    const booking = earliestSlot(stamps, now, opts.perSecond);
    stamps.push(booking);
    queue.push({ at: booking + rand() * opts.maxLateMs, booking });
  }
  while (queue.length > 0) {
    queue.sort((a, b) => a.at - b.at);
    const { at: now, booking } = queue.shift()!;
    stamps = stamps.filter((t) => t > now - PACE_WINDOW_MS || t === booking);
    const others = [...stamps];
    others.splice(others.indexOf(booking), 1);
    const clear = opts.gate ? clearToDepart(others, now, opts.perSecond) : now;
    if (clear <= now) {
      stamps = [...others, now];
      departures.push(now);
    } else {
      stamps = [...others, clear];
      queue.push({ at: clear, booking: clear });
    }
  }
  return departures.sort((a, b) => a - b);
}

describe("the provider pacing rules", () => {
  it("books the limit's worth of requests in a second, then the next ones a window later", () => {
    let stamps: number[] = [];
    for (let i = 0; i < 10; i++) stamps = [...stamps, earliestSlot(stamps, 0, 5)];
    expect(stamps).toEqual([0, 0, 0, 0, 0, PACE_WINDOW_MS, PACE_WINDOW_MS, PACE_WINDOW_MS, PACE_WINDOW_MS, PACE_WINDOW_MS]);
  });

  it("a booking that is given back frees its place at once", () => {
    const full = [0, 100, 200, 300, 400];
    expect(earliestSlot(full, 500, 5)).toBe(PACE_WINDOW_MS);
    expect(earliestSlot(full.slice(1), 500, 5)).toBe(500);
  });

  it("a request leaves at once while its second has room, and otherwise when the oldest request of the second ages out", () => {
    expect(clearToDepart([0, 100, 200, 300], 500, 5)).toBe(500);
    expect(clearToDepart([0, 100, 200, 300, 400], 500, 5)).toBe(PACE_WINDOW_MS);
    // Bookings further on do not hold this request back: they pass the gate themselves when they leave.
    expect(clearToDepart([0, 100, 200, 900, 950], 500, 5)).toBe(500);
  });

  it("requests that leave late never put more than the limit into one of the provider's seconds", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const departures = simulate({ turns: 60, perSecond: 5, maxLateMs: 400, seed, gate: true });
      expect(departures).toHaveLength(60);
      expect(worstSecond(departures)).toBeLessThanOrEqual(5);
    }
  });

  it("the same late requests paced by their bookings alone overrun the provider's second (why the gate checks at departure)", () => {
    const overruns = Array.from({ length: 20 }, (_, i) =>
      worstSecond(simulate({ turns: 60, perSecond: 5, maxLateMs: 400, seed: i + 1, gate: false })),
    );
    expect(Math.max(...overruns)).toBeGreaterThan(5);
  });

  it("on time, the gate costs nothing: 60 requests at 5 a second leave in about 12 windows", () => {
    const departures = simulate({ turns: 60, perSecond: 5, maxLateMs: 0, seed: 1, gate: true });
    expect(departures.at(-1)!).toBeLessThanOrEqual(11 * PACE_WINDOW_MS + 60 * 20);
    expect(worstSecond(departures)).toBe(5);
  });
});
