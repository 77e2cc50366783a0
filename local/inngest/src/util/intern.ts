// Strings and key lists that repeat across runs in flight (event names, concurrency and throttle keys,
// function and app ids) are kept once: with 100,000 runs queued, a copy per run was ~250 bytes of
// heap each. Bounded, so keys that do not repeat cannot make the tables grow without end.

const MAX = 10_000;
const strings = new Map<string, string>();

export function intern(s: string): string;
export function intern(s: string | undefined): string | undefined;
export function intern(s: string | undefined): string | undefined {
  if (s === undefined || s.length > 200) return s;
  const hit = strings.get(s);
  if (hit !== undefined) return hit;
  if (strings.size >= MAX) strings.clear();
  strings.set(s, s);
  return s;
}

type Keys = Array<{ key: string; limit: number }>;
const NONE: Keys = [];
const lists = new Map<string, Keys>();

/** One shared (never mutated) list per distinct set of concurrency keys. */
export function internKeys(list: Keys): Keys {
  if (!list.length) return NONE;
  const id = list.length === 1 ? `${list[0]!.limit}|${list[0]!.key}` : list.map((c) => `${c.limit}|${c.key}`).join("\n");
  const hit = lists.get(id);
  if (hit) return hit;
  if (lists.size >= MAX) lists.clear();
  const own = list.map((c) => ({ key: intern(c.key), limit: c.limit }));
  lists.set(id, own);
  return own;
}
