"use client";

import { ErrorPanel } from "@/app/_lib/error-panel";

// The dashboard's layout itself failed (it loads the signed-in agent: with the database down, it cannot).
export default function AppError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto max-w-2xl p-8">
      <ErrorPanel {...props} />
    </main>
  );
}
