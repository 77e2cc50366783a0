"use client";

import { useEffect, useState } from "react";

/**
 * Whether an error the page hit is the database being down, read from /api/health (production masks
 * server errors, so the error itself cannot say): "down" while it is, then "recovered" once it answers
 * again, so the boundary can re-render the page by itself. Checks every `everyMs` until recovered.
 */
export type OutageState = "checking" | "down" | "recovered" | "other";

export function useDatabaseOutage(everyMs = 3_000): OutageState {
  const [state, setState] = useState<OutageState>("checking");
  useEffect(() => {
    let stopped = false;
    let wasDown = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = async () => {
      let status = "unknown";
      try {
        const res = await fetch("/api/health", { cache: "no-store" });
        status = ((await res.json()) as { status?: string }).status ?? "unknown";
      } catch {
        status = "down"; // the app itself is unreachable: keep trying the same way
      }
      if (stopped) return;
      if (status === "down") {
        wasDown = true;
        setState("down");
        timer = setTimeout(check, everyMs);
      } else setState(wasDown ? "recovered" : "other");
    };
    void check();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [everyMs]);
  return state;
}
