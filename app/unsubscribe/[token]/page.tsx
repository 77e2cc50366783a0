import type { Metadata } from "next";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { getUnsubscribeView } from "@/lib/unsubscribe";
import { confirmUnsubscribe } from "./actions";

export const dynamic = "force-dynamic";
// The token is a credential: keep the page out of indexes and out of Referer headers.
export const metadata: Metadata = { title: "Unsubscribe", robots: { index: false, follow: false }, referrer: "no-referrer" };

export default async function UnsubscribePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  // Reading only: mail scanners open every link, and a GET must never unsubscribe anyone.
  const view = await getUnsubscribeView({ db: await getDb(), secret: getEnv().UNSUBSCRIBE_SECRET, token });
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-md rounded-xl bg-white p-8 shadow-sm ring-1 ring-slate-200" data-testid="unsubscribe-card">
        {view.status === "invalid" ? (
          <>
            <h1 className="text-xl font-semibold text-slate-900">This link is not valid</h1>
            <p className="mt-2 text-sm text-slate-600">
              The unsubscribe link may be incomplete. Try opening it again from the email, or reply to the email to ask the agency to remove
              you.
            </p>
          </>
        ) : view.status === "unsubscribed" ? (
          <>
            <h1 className="text-xl font-semibold text-slate-900">You are unsubscribed</h1>
            <p className="mt-2 text-sm text-slate-600" data-testid="unsubscribe-done">
              <strong>{view.maskedEmail}</strong> will no longer receive emails from <strong>{view.agencyName}</strong>. If this was a
              mistake, contact your agent.
            </p>
          </>
        ) : (
          <>
            <h1 className="text-xl font-semibold text-slate-900">Unsubscribe from {view.agencyName}?</h1>
            <p className="mt-2 text-sm text-slate-600">
              <strong>{view.maskedEmail}</strong> will stop receiving emails from <strong>{view.agencyName}</strong>. Your policies are not
              affected.
            </p>
            <form action={confirmUnsubscribe.bind(null, token)} className="mt-6">
              <button
                type="submit"
                className="w-full rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
                data-testid="unsubscribe-confirm"
              >
                Unsubscribe
              </button>
            </form>
          </>
        )}
      </div>
    </main>
  );
}
