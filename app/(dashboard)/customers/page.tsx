import type { Metadata } from "next";
import { Placeholder } from "@/components/placeholder";

export const metadata: Metadata = { title: "Customers" };

export default function CustomersPage() {
  return <Placeholder title="Customers">Not built yet. The searchable customer list, editing and CSV import arrive with the dashboard work.</Placeholder>;
}
