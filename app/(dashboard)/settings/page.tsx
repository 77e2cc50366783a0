import type { Metadata } from "next";
import { Placeholder } from "@/components/placeholder";

export const metadata: Metadata = { title: "Settings" };

export default function SettingsPage() {
  return <Placeholder title="Settings">Not built yet. Account details, sender identity, time zone and the credit ledger arrive with the dashboard work.</Placeholder>;
}
