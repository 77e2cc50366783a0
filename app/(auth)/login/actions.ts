"use server";

import { AuthError } from "next-auth";
import { signIn } from "@/auth";

export type LoginState = { error?: string; email?: string };

/** Maps the refusal codes of auth.ts to what the form says. */
function messageFor(error: AuthError): string {
  const code = (error as AuthError & { code?: string }).code ?? "";
  if (code.startsWith("throttled:")) {
    const seconds = Number(code.split(":")[1]) || 1;
    return `Too many failed sign-ins. Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`;
  }
  if (code === "inactive") return "This login has been deactivated. Ask an owner of your agency.";
  if (error.type === "CredentialsSignin") return "Wrong email or password.";
  return "Sign-in failed. Please try again.";
}

export async function login(_prev: LoginState, form: FormData): Promise<LoginState> {
  const email = String(form.get("email") ?? "").trim();
  const password = String(form.get("password") ?? "");
  if (!email || !password) return { error: "Enter your email and password.", email };
  const next = String(form.get("next") ?? "");
  try {
    // On success signIn throws Next's redirect, which must propagate. It goes through /login once more
    // with `signed-in`: there a missing session means the browser dropped the cookie (a host mismatch),
    // which the page says instead of showing the form again as if nothing had happened.
    const target = next.startsWith("/") && !next.startsWith("//") ? next : "/blasts";
    await signIn("credentials", { email, password, redirectTo: `/login?signed-in=1&callbackUrl=${encodeURIComponent(target)}` });
    return {};
  } catch (error) {
    if (error instanceof AuthError) return { error: messageFor(error), email };
    throw error;
  }
}
