"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { flash, FormMessage } from "@/components/ui/flash";
import { createCustomerAction, updateCustomerAction } from "./actions";

export type CustomerFormValues = { firstName: string; lastName: string; email: string; phone: string; tags: string };

/** Add (no customerId) or edit a customer. Field errors come from the same zod schema the action uses. */
export function CustomerForm({ customerId, initial, onDone }: { customerId?: string; initial?: CustomerFormValues; onDone?: () => void }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState<string | null>(null);

  // Submitted with onSubmit, not action=: React resets a form after an action, wiping what was typed when it was refused.
  function submit(form: FormData) {
    const values = Object.fromEntries(["firstName", "lastName", "email", "phone", "tags"].map((k) => [k, String(form.get(k) ?? "")]));
    startTransition(async () => {
      try {
        if (customerId) {
          const result = await updateCustomerAction({ ...values, customerId });
          if (!result.ok) return fail(result.error, result.fieldErrors);
          flash("success", "Customer saved.");
          onDone?.();
          router.refresh();
        } else {
          const result = await createCustomerAction(values);
          if (!result.ok) return fail(result.error, result.fieldErrors);
          flash("success", `Customer ${values.email} added.`);
          router.push(`/customers/${result.data.id}`);
        }
      } catch {
        fail("Could not reach the server. Check your connection and try again.");
      }
    });
  }

  function fail(error: string, fieldErrors: Record<string, string[]> = {}) {
    setErrors(fieldErrors);
    // Field problems are shown beside their fields; the form-level line only points at them.
    setFormError(Object.keys(fieldErrors).length ? "Check the highlighted fields." : error);
  }

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit(new FormData(e.currentTarget));
      }}
      className="space-y-4"
      noValidate
      aria-label={customerId ? "Edit customer" : "Add customer"}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="firstName" label="First name" error={errors.firstName}>
          {(a) => <Input {...a} name="firstName" autoComplete="off" defaultValue={initial?.firstName} maxLength={100} />}
        </Field>
        <Field id="lastName" label="Last name" error={errors.lastName}>
          {(a) => <Input {...a} name="lastName" autoComplete="off" defaultValue={initial?.lastName} maxLength={100} />}
        </Field>
        <Field id="email" label="Email" error={errors.email}>
          {(a) => <Input {...a} name="email" type="email" required autoComplete="off" defaultValue={initial?.email} />}
        </Field>
        <Field id="phone" label="Phone" error={errors.phone}>
          {(a) => <Input {...a} name="phone" type="tel" autoComplete="off" defaultValue={initial?.phone} />}
        </Field>
        <Field
          id="tags"
          label="Tags"
          hint="Separate tags with commas, e.g. auto, home, flood-zone"
          error={errors.tags}
          className="sm:col-span-2"
        >
          {(a) => <Input {...a} name="tags" defaultValue={initial?.tags} />}
        </Field>
      </div>
      <FormMessage error={formError} />
      <div className="flex gap-2">
        <Button type="submit" pending={pending} pendingLabel="Saving…">
          {customerId ? "Save changes" : "Add customer"}
        </Button>
        {onDone ? (
          <Button variant="secondary" onClick={onDone}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}
