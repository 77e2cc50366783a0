"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { flash, FormMessage } from "@/components/ui/flash";
import { useActionForm } from "@/components/ui/use-action-form";
import type { AccountSettings } from "@/lib/settings/account-settings";
import { updateSettingsAction } from "./actions";

/** Agency details and sender identity; read-only for agents (the server refuses them anyway). */
export function SettingsForm({ initial, timeZones, canEdit }: { initial: AccountSettings; timeZones: string[]; canEdit: boolean }) {
  const router = useRouter();
  const { pending, errors, formError, submit } = useActionForm(
    updateSettingsAction,
    ["name", "senderName", "senderEmail", "postalAddress", "phone", "timeZone"],
    "Could not reach the server. Nothing was saved.",
  );

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit(e.currentTarget, () => {
          flash("success", "Settings saved.");
          router.refresh();
        });
      }}
      noValidate
      aria-label="Agency settings"
      className="space-y-6"
    >
      {!canEdit ? (
        <p className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700" data-testid="owner-only-note">
          Only an owner of the agency can change these settings.
        </p>
      ) : null}
      <fieldset disabled={!canEdit || pending} className="space-y-6">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="name" label="Agency name" error={errors.name}>
            {(a) => <Input {...a} name="name" defaultValue={initial.name} required />}
          </Field>
          <Field id="phone" label="Office phone" hint="Shown in emails; the claims hotline of disaster notices." error={errors.phone}>
            {(a) => <Input {...a} name="phone" type="tel" defaultValue={initial.phone} />}
          </Field>
        </div>
        <div>
          <h3 className="mb-2 font-medium">Sender identity</h3>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field id="senderName" label="Sender name" hint="Customers see this as who the email is from." error={errors.senderName}>
              {(a) => <Input {...a} name="senderName" defaultValue={initial.senderName} required />}
            </Field>
            <Field id="senderEmail" label="Reply-to address" hint="Replies from customers go here." error={errors.senderEmail}>
              {(a) => <Input {...a} name="senderEmail" type="email" defaultValue={initial.senderEmail} required />}
            </Field>
          </div>
        </div>
        <Field
          id="postalAddress"
          label="Postal address"
          hint="Printed in the footer of every email (required by anti-spam law)."
          error={errors.postalAddress}
        >
          {(a) => <Textarea {...a} name="postalAddress" rows={3} defaultValue={initial.postalAddress} required />}
        </Field>
        <Field
          id="timeZone"
          label="Time zone"
          hint="Used for scheduled blasts and the dates in the activity history."
          error={errors.timeZone}
          className="max-w-md"
        >
          {(a) => (
            <Select {...a} name="timeZone" defaultValue={initial.timeZone}>
              {timeZones.map((z) => (
                <option key={z} value={z}>
                  {z.replace(/_/g, " ")}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </fieldset>
      <FormMessage error={formError} />
      {canEdit ? (
        <Button type="submit" pending={pending} pendingLabel="Saving…">
          Save settings
        </Button>
      ) : null}
    </form>
  );
}
