import type { Metadata } from "next";
import { requireTenant } from "@/app/_lib/tenant";
import { getDb } from "@/lib/db";
import { listCustomers } from "@/lib/customers/list-customers";
import { emailTemplates, templateKeys } from "@/emails";
import { FlashRegion } from "@/components/ui/flash";
import { PageHeader } from "@/components/ui/page-header";
import { TemplatePreview } from "./template-preview";
import { displayName, NO_NAME } from "@/lib/customers/display-name";

export const metadata: Metadata = { title: "Templates" };

export default async function TemplatesPage({ searchParams }: { searchParams: Promise<{ template?: string }> }) {
  const tenant = await requireTenant();
  const { template } = await searchParams;
  const page = await listCustomers(await getDb(), { accountId: tenant.accountId, filters: { status: "ACTIVE" }, pageSize: 20 });
  const templates = templateKeys.map((key) => ({
    key,
    name: emailTemplates[key].name,
    description: emailTemplates[key].description,
    defaultSubject: emailTemplates[key].defaultSubject,
    urgent: emailTemplates[key].urgent,
  }));
  const customers = page.rows.map((c) => ({ id: c.id, label: `${displayName(c, NO_NAME)} <${c.email}>` }));
  return (
    <div>
      <FlashRegion />
      <PageHeader title="Templates" description="Pick a template and see it exactly as one of your customers would receive it." />
      <TemplatePreview
        templates={templates}
        customers={customers}
        initialKey={templates.some((t) => t.key === template) ? template! : templates[0].key}
      />
    </div>
  );
}
