"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { flash, FormMessage } from "@/components/ui/flash";
import { useActionForm } from "@/components/ui/use-action-form";
import { changePasswordAction } from "./actions";

/** Current password + new one twice. Other sessions end; this browser stays signed in (or is asked to sign in). */
export function PasswordForm({ email }: { email: string }) {
  const router = useRouter();
  const { pending, errors, formError, submit } = useActionForm(
    changePasswordAction,
    ["currentPassword", "newPassword", "confirmPassword"],
    "Could not reach the server. Your password was not changed.",
  );

  function onChanged(formEl: HTMLFormElement, signedIn: boolean) {
    formEl.reset();
    if (signedIn) {
      flash("success", "Password changed. Your other sessions have been signed out.");
      router.refresh();
    } else {
      flash("success", "Password changed. Please sign in again with your new password.");
      router.push("/login");
    }
  }

  return (
    <form
      aria-label="Change password"
      noValidate
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        const f = e.currentTarget;
        submit(f, (data) => onChanged(f, data.signedIn));
      }}
    >
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <fieldset disabled={pending} className="space-y-4">
        <Field id="currentPassword" label="Current password" error={errors.currentPassword}>
          {(a) => <Input {...a} name="currentPassword" type="password" autoComplete="current-password" required />}
        </Field>
        <Field id="newPassword" label="New password" hint="At least 10 characters." error={errors.newPassword}>
          {(a) => <Input {...a} name="newPassword" type="password" autoComplete="new-password" required />}
        </Field>
        <Field id="confirmPassword" label="Repeat the new password" error={errors.confirmPassword}>
          {(a) => <Input {...a} name="confirmPassword" type="password" autoComplete="new-password" required />}
        </Field>
      </fieldset>
      <FormMessage error={formError} />
      <Button type="submit" pending={pending} pendingLabel="Changing…">
        Change password
      </Button>
    </form>
  );
}
