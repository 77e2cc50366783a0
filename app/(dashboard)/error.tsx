"use client";

import { ErrorPanel } from "@/app/_lib/error-panel";

// A page of the dashboard failed; its layout (navigation) stays.
export default function DashboardError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorPanel {...props} />;
}
