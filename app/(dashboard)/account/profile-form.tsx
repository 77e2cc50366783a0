"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { flash } from "@/components/ui/flash";
import { updateProfileAction } from "./actions";

export function ProfileForm({ name }: { name: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      aria-label="Your name"
      noValidate
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        const value = String(new FormData(e.currentTarget).get("name") ?? "");
        startTransition(async () => {
          try {
            const result = await updateProfileAction({ name: value });
            if (!result.ok) return setError(result.error);
            setError(null);
            flash("success", result.data);
            router.refresh();
          } catch {
            setError("Could not reach the server. Nothing was saved.");
          }
        });
      }}
    >
      <Field id="profile-name" label="Name" hint="Shown to your team and in the activity history." error={error ?? undefined}>
        {(a) => <Input {...a} name="name" defaultValue={name} autoComplete="name" required maxLength={100} />}
      </Field>
      <Button type="submit" pending={pending} pendingLabel="Saving…">
        Save name
      </Button>
    </form>
  );
}
