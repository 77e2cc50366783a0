import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/lib/db";
import { findSetPasswordTarget } from "@/lib/auth/set-password-token";
import { SetPasswordForm } from "./set-password-form";

export const metadata: Metadata = { title: "Set your password", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

function Frame({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl bg-white p-8 shadow-sm ring-1 ring-slate-200">
        <h1 className="text-2xl font-semibold text-brand-900">Blast</h1>
        {children}
      </div>
    </main>
  );
}

/** The page of a one-time link: choose a password, or a plain reason the link cannot be used. */
export default async function SetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const target = await findSetPasswordTarget(await getDb(), token);
  if (!target.ok) {
    return (
      <Frame>
        <div data-testid="set-password-invalid" className="mt-4 space-y-3 text-sm text-slate-700">
          <p className="font-medium text-slate-900">
            {target.reason === "expired" ? "This link has expired." : "This link is not valid or has already been used."}
          </p>
          <p>Ask an owner of your agency to send you a new link from the Team page. If you already set your password, sign in.</p>
          <Link href="/login" className="inline-block font-medium text-brand-700 underline">
            Go to sign in
          </Link>
        </div>
      </Frame>
    );
  }
  return (
    <Frame>
      <p className="mb-6 mt-1 text-sm text-slate-600">
        Welcome, {target.user.name}. Choose a password for <span className="font-medium">{target.user.email}</span> at{" "}
        {target.user.accountName}.
      </p>
      <SetPasswordForm token={token} email={target.user.email} />
    </Frame>
  );
}
