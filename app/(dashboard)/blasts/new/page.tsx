import type { Metadata } from "next";
import Link from "next/link";
import { requireTenant } from "@/app/_lib/tenant";
import { getDb } from "@/lib/db";
import { emailTemplates, templateKeys } from "@/emails";
import { countRecipients } from "@/lib/blasts/count-recipients";
import { tagsInUse } from "@/lib/customers/tags-in-use";
import { FlashRegion } from "@/components/ui/flash";
import { PageHeader } from "@/components/ui/page-header";
import { BlastComposer, type TemplateOption } from "./blast-composer";

export const metadata: Metadata = { title: "New blast" };

export default async function NewBlastPage() {
  const tenant = await requireTenant();
  const db = await getDb();
  const [tags, initialCount] = await Promise.all([tagsInUse(db, tenant.accountId), countRecipients(db, tenant.accountId, { mode: "all" })]);
  const templates: TemplateOption[] = templateKeys.map((key) => {
    const { name, description, defaultSubject, urgent } = emailTemplates[key];
    return { key, name, description, defaultSubject, urgent };
  });
  return (
    <div>
      <FlashRegion />
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/blasts" className="text-brand-700 hover:underline">
          ← All blasts
        </Link>
      </nav>
      <PageHeader
        title="New blast"
        description="Choose who gets it, write it, and send it now or at a time you pick. You confirm before anything is sent."
      />
      <BlastComposer
        templates={templates}
        tags={tags}
        timeZone={tenant.account.timeZone}
        agentEmail={tenant.user.email}
        initialCount={initialCount}
      />
    </div>
  );
}
