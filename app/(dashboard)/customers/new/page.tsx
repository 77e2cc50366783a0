import type { Metadata } from "next";
import Link from "next/link";
import { requireTenant } from "@/app/_lib/tenant";
import { Card, PageHeader } from "@/components/ui/page-header";
import { FlashRegion } from "@/components/ui/flash";
import { CustomerForm } from "../customer-form";

export const metadata: Metadata = { title: "Add customer" };

export default async function NewCustomerPage() {
  await requireTenant();
  return (
    <div className="max-w-2xl">
      <FlashRegion />
      <Link href="/customers" className="text-sm text-brand-700 hover:underline">
        ← Customers
      </Link>
      <PageHeader title="Add customer" description="The email address is the customer's key: one customer per address in your agency." />
      <Card>
        <CustomerForm />
      </Card>
    </div>
  );
}
