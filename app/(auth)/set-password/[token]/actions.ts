"use server";

import { getDb } from "@/lib/db";
import { setPasswordWithToken } from "@/lib/auth/set-password-token";
import { setPasswordSchema } from "@/lib/team/team.validation";

export type SetPasswordState = { error?: string; fieldErrors?: Record<string, string[]>; done?: boolean; email?: string };

/**
 * Public on purpose (the agent has no session yet): the one-time token is the only authority, and it
 * names exactly one user. A forged, used or expired token changes nothing.
 */
export async function setPasswordAction(_prev: SetPasswordState, form: FormData): Promise<SetPasswordState> {
  const parsed = setPasswordSchema.safeParse({
    token: String(form.get("token") ?? ""),
    password: String(form.get("password") ?? ""),
    confirmPassword: String(form.get("confirmPassword") ?? ""),
  });
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fieldErrors[issue.path.join(".") || "_"] ??= []).push(issue.message);
    return { error: "Check the highlighted fields.", fieldErrors };
  }
  const result = await setPasswordWithToken(await getDb(), parsed.data.token, parsed.data.password);
  if (!result.ok) {
    return {
      error:
        result.reason === "expired"
          ? "This link has expired. Ask an owner of your agency for a new one."
          : "This link is not valid or has already been used.",
    };
  }
  return { done: true, email: result.email };
}
