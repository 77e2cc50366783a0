import type { Metadata } from "next";
import { requireTenant } from "@/app/_lib/tenant";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { providerEmailsPerSecond } from "@/lib/sending-limits";
import { getAccountSettings } from "@/lib/settings/account-settings";
import { listLedger } from "@/lib/settings/list-ledger";
import { formatInZone, listTimeZones } from "@/lib/settings/time-zones";
import { FlashRegion } from "@/components/ui/flash";
import { EmptyState } from "@/components/ui/empty-state";
import { Card, PageHeader } from "@/components/ui/page-header";
import { Pagination, withParams } from "@/components/ui/pagination";
import { Table, Td, Th } from "@/components/ui/table";
import { SettingsForm } from "./settings-form";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ searchParams }: { searchParams: Promise<{ after?: string; before?: string }> }) {
  const tenant = await requireTenant();
  const { after, before } = await searchParams;
  const db = await getDb();
  const owner = tenant.role === "OWNER";
  const [account, ledger] = await Promise.all([
    getAccountSettings(db, tenant.accountId),
    owner ? listLedger(db, { accountId: tenant.accountId, after, before }) : Promise.resolve(null),
  ]);
  const env = getEnv();
  const limits: [string, string, string][] = [
    [
      "Recipients checked at once for your agency",
      String(env.SEND_CONCURRENCY_PER_ACCOUNT),
      "How many of your recipients are being checked and queued at the same moment (urgent blasts have as many again).",
    ],
    [
      "Recipients per minute for your agency",
      env.SEND_THROTTLE_PER_ACCOUNT_PER_MINUTE.toLocaleString("en-US"),
      "A large blast joins the provider queue at this pace, so other agencies are not stuck behind it; urgent blasts go first.",
    ],
    [
      "Provider rate (all agencies)",
      `${env.PROVIDER_REQUESTS_PER_SECOND} requests per second · up to ${providerEmailsPerSecond(env).toLocaleString("en-US")} emails per second`,
      `The email provider's limit, shared by every agency on this Blast. Each request carries up to ${env.PROVIDER_BATCH_SIZE} emails.`,
    ],
    ["Provider connections (all agencies)", String(env.PROVIDER_CONCURRENCY), "Requests to the provider in flight at once."],
  ];
  const zone = account.timeZone;

  return (
    <div className="space-y-6">
      <FlashRegion />
      <PageHeader title="Settings" description="Your agency, the identity your emails are sent under, and your credit." />
      <Card title="Agency and sender">
        <SettingsForm
          key={`${account.name}|${account.senderName}|${account.senderEmail}|${account.postalAddress}|${account.phone}|${account.timeZone}`}
          canEdit={owner}
          timeZones={listTimeZones()}
          initial={{
            name: account.name,
            senderName: account.senderName,
            senderEmail: account.senderEmail,
            postalAddress: account.postalAddress,
            phone: account.phone,
            timeZone: account.timeZone,
          }}
        />
      </Card>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Credit">
          <p className="text-3xl font-semibold" data-testid="settings-credit">
            {account.creditBalance.toLocaleString("en-US")}
          </p>
          <p className="text-sm text-slate-600">credits left · one credit per email sent. Skipped and failed emails are refunded.</p>
        </Card>
        <Card title="Sending limits in effect">
          <dl className="space-y-3 text-sm" data-testid="sending-limits">
            {limits.map(([label, value, help]) => (
              <div key={label} className="flex flex-wrap justify-between gap-x-4">
                <dt className="font-medium text-slate-800">{label}</dt>
                <dd className="font-semibold">{value}</dd>
                <dd className="w-full text-slate-600">{help}</dd>
              </div>
            ))}
          </dl>
          <p className="mt-3 text-xs text-slate-500">
            Set by your Blast administrator (SEND_CONCURRENCY_PER_ACCOUNT, SEND_THROTTLE_PER_ACCOUNT_PER_MINUTE,
            PROVIDER_REQUESTS_PER_SECOND, PROVIDER_BATCH_SIZE, PROVIDER_CONCURRENCY).
          </p>
        </Card>
      </div>
      <Card title="Credit ledger">
        {!ledger ? (
          <p className="text-sm text-slate-600" data-testid="ledger-owner-only">
            Only an owner of the agency can see the ledger.
          </p>
        ) : ledger.rows.length === 0 ? (
          <EmptyState title="No credit movements yet" />
        ) : (
          <>
            <Table caption="Credit ledger" data-testid="ledger-table">
              <thead>
                <tr>
                  <Th>When</Th>
                  <Th>What</Th>
                  <Th className="text-right">Credits</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {ledger.rows.map((e) => (
                  <tr key={e.id}>
                    <Td className="whitespace-nowrap text-slate-600">{formatInZone(e.createdAt, zone)}</Td>
                    <Td>
                      {e.reason}
                      {e.blast ? <span className="text-slate-600"> · {e.blast.subject}</span> : null}
                    </Td>
                    <Td className={`text-right font-medium tabular-nums ${e.delta < 0 ? "text-red-700" : "text-green-800"}`}>
                      {e.delta > 0 ? `+${e.delta}` : e.delta}
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <Pagination
              label="Ledger pages"
              prevHref={ledger.prevCursor ? withParams("/settings", {}, { before: ledger.prevCursor }) : null}
              nextHref={ledger.nextCursor ? withParams("/settings", {}, { after: ledger.nextCursor }) : null}
            />
          </>
        )}
      </Card>
    </div>
  );
}
