"use client";

import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";

const REFRESH_MS = 5_000;

/** The agency's credit balance in the sidebar, kept fresh after navigations and while blasts run. */
export function CreditBalance({ initial }: { initial: number }) {
  const [balance, setBalance] = useState(initial);
  const pathname = usePathname();

  useEffect(() => {
    let stopped = false;
    const refresh = async () => {
      if (document.visibilityState !== "visible") return;
      try {
        const res = await fetch("/api/account/summary", { cache: "no-store" });
        if (!res.ok) return; // a lapsed session is handled by the page itself
        const body = (await res.json()) as { creditBalance: number };
        if (!stopped) setBalance(body.creditBalance);
      } catch {
        // Offline for a moment: keep the last known balance.
      }
    };
    void refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    document.addEventListener("visibilitychange", refresh);
    return () => {
      stopped = true;
      clearInterval(timer);
      document.removeEventListener("visibilitychange", refresh);
    };
  }, [pathname]);

  return (
    <p className="text-slate-600" data-testid="credit-balance" aria-live="polite">
      {balance.toLocaleString("en-US")} credits
    </p>
  );
}
