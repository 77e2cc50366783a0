import type { Metadata } from "next";
import { requireTenant } from "@/app/_lib/tenant";
import { FlashRegion } from "@/components/ui/flash";
import { Card, PageHeader } from "@/components/ui/page-header";
import { ProfileForm } from "./profile-form";
import { PasswordForm } from "./password-form";

export const metadata: Metadata = { title: "My account" };

export default async function AccountPage() {
  const tenant = await requireTenant();
  return (
    <div className="space-y-6">
      <FlashRegion />
      <PageHeader
        title="My account"
        description={`${tenant.user.email} · ${tenant.role === "OWNER" ? "Owner" : "Agent"} at ${tenant.account.name}`}
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Your name">
          <ProfileForm key={tenant.user.name} name={tenant.user.name} />
        </Card>
        <Card title="Password">
          <PasswordForm email={tenant.user.email} />
        </Card>
      </div>
    </div>
  );
}
