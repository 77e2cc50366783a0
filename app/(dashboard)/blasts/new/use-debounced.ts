import { useEffect, useState } from "react";

/** Debounced server call whose stale answers are dropped (a later input wins). */
export function useDebounced<T>(
  key: string,
  ms: number,
  load: () => Promise<T>,
  enabled = true,
): { data: T | null; loading: boolean; error: string | null } {
  const [state, setState] = useState<{ key: string; data: T | null; error: string | null }>({ key: "", data: null, error: null });
  useEffect(() => {
    if (!enabled) return;
    let stale = false;
    const timer = setTimeout(() => {
      load().then(
        (data) => !stale && setState({ key, data, error: null }),
        (e: unknown) => !stale && setState((s) => ({ key, data: s.data, error: e instanceof Error ? e.message : "Something went wrong" })),
      );
    }, ms);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
    // `load` is a fresh closure each render; `key` says when its inputs changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, ms, enabled]);
  return { data: state.data, loading: enabled && state.key !== key, error: state.error };
}

/** A server action's result as a value, or an error the hook reports (network failures included). */
export async function unwrap<T>(p: Promise<{ ok: true; data: T } | { ok: false; error: string }>): Promise<T> {
  const r = await p.catch(() => ({ ok: false as const, error: "Could not reach the server. Check your connection." }));
  if (!r.ok) throw new Error(r.error);
  return r.data;
}
