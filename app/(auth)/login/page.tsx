import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTenant } from "@/app/_lib/tenant";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  if (await getTenant()) redirect("/blasts");
  const { callbackUrl } = await searchParams;
  let next: string | undefined;
  try {
    next = callbackUrl ? new URL(callbackUrl, "http://x").pathname : undefined;
  } catch {
    next = undefined;
  }
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl bg-white p-8 shadow-sm ring-1 ring-slate-200">
        <h1 className="text-2xl font-semibold text-brand-900">Blast</h1>
        <p className="mb-6 mt-1 text-sm text-slate-600">Sign in to your agency&apos;s dashboard.</p>
        <LoginForm next={next} />
      </div>
    </main>
  );
}
