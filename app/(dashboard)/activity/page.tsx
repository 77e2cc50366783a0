import type { Metadata } from "next";
import { Placeholder } from "@/components/placeholder";

export const metadata: Metadata = { title: "Activity" };

export default function ActivityPage() {
  return <Placeholder title="Activity">Not built yet. The activity history with filters and CSV export arrives with the dashboard work.</Placeholder>;
}
