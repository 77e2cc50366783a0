import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getTenant } from "@/app/_lib/tenant";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; "signed-in"?: string }> }) {
  const { callbackUrl, "signed-in": signedIn } = await searchParams;
  let next: string | undefined;
  try {
    next = callbackUrl ? new URL(callbackUrl, "http://x").pathname : undefined;
  } catch {
    next = undefined;
  }
  if (await getTenant()) redirect(next && next !== "/login" ? next : "/blasts");
  const host = (await headers()).get("host") ?? "";
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl bg-white p-8 shadow-sm ring-1 ring-slate-200">
        <h1 className="text-2xl font-semibold text-brand-900">Blast</h1>
        <p className="mb-6 mt-1 text-sm text-slate-600">Sign in to your agency&apos;s dashboard.</p>
        {signedIn ? (
          <p data-testid="login-cookie-error" role="status" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
            You were signed in, but your browser did not keep the session cookie for {host || "this address"}. Cookies may be blocked, or
            Blast was opened at another address than the one it is served at. Allow cookies for this site, or open Blast at the address
            printed when it started, and sign in again.
          </p>
        ) : null}
        <LoginForm next={next} />
      </div>
    </main>
  );
}
