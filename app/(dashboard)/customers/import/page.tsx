import type { Metadata } from "next";
import Link from "next/link";
import { requireTenant } from "@/app/_lib/tenant";
import { FlashRegion } from "@/components/ui/flash";
import { Card, PageHeader } from "@/components/ui/page-header";
import { ImportForm } from "./import-form";

export const metadata: Metadata = { title: "Import customers" };

export default async function ImportCustomersPage() {
  await requireTenant();
  return (
    <div className="max-w-4xl">
      <FlashRegion />
      <Link href="/customers" className="text-sm text-brand-700 hover:underline">
        ← Customers
      </Link>
      <PageHeader
        title="Import customers"
        description="Upload a CSV exported from your spreadsheet or agency system. You will see what it will do before anything changes."
      />
      <Card>
        <div className="mb-4 text-sm text-slate-700">
          <p>
            The first row must name the columns. Recognized: <strong>email</strong> (required), <strong>first name</strong>,{" "}
            <strong>last name</strong> (or a single <strong>name</strong>), <strong>phone</strong>, <strong>tags</strong> (separated by
            commas or semicolons).
          </p>
          <p className="mt-1">
            Customers already in your agency (same email) are updated: names and phone replaced when given, tags added. Opt-outs and
            deactivations are never undone by an import. Up to 5 MB or 50,000 rows per file.
          </p>
        </div>
        <ImportForm />
      </Card>
    </div>
  );
}
