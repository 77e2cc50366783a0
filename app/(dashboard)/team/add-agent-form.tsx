"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { flash, FormMessage } from "@/components/ui/flash";
import { useActionForm } from "@/components/ui/use-action-form";
import { addAgentAction } from "./actions";
import { IssuedLinkNotice, type ShownLink } from "./issued-link-notice";

/** Name, email, role → the agent exists with no password, and the owner sees the one-time link once. */
export function AddAgentForm() {
  const router = useRouter();
  const { pending, errors, formError, submit } = useActionForm(
    addAgentAction,
    ["name", "email", "role"],
    "Could not reach the server. Nothing was saved.",
  );
  const [issued, setIssued] = useState<ShownLink | null>(null);

  function onAdded(formEl: HTMLFormElement, data: Omit<ShownLink, "name">, name: string) {
    setIssued({ ...data, name });
    formEl.reset();
    flash("success", `${name} added.`);
    router.refresh();
  }

  return (
    <div className="space-y-4">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const f = e.currentTarget;
          submit(f, (data, values) => onAdded(f, data, values.name));
        }}
        noValidate
        aria-label="Add an agent"
        className="space-y-4"
      >
        <fieldset disabled={pending} className="grid gap-4 sm:grid-cols-[1fr_1fr_10rem]">
          <Field id="agent-name" label="Name" error={errors.name}>
            {(a) => <Input {...a} name="name" autoComplete="off" required />}
          </Field>
          <Field id="agent-email" label="Email" error={errors.email}>
            {(a) => <Input {...a} name="email" type="email" autoComplete="off" required />}
          </Field>
          <Field id="agent-role" label="Role" error={errors.role}>
            {(a) => (
              <Select {...a} name="role" defaultValue="AGENT">
                <option value="AGENT">Agent</option>
                <option value="OWNER">Owner</option>
              </Select>
            )}
          </Field>
        </fieldset>
        <p className="text-xs text-slate-500">
          Agents send blasts, manage customers and see the activity history. Owners also manage the team, the settings and the credit
          ledger.
        </p>
        <FormMessage error={formError} />
        <Button type="submit" pending={pending} pendingLabel="Adding…">
          Add agent
        </Button>
      </form>
      {issued ? <IssuedLinkNotice link={issued} onClose={() => setIssued(null)} /> : null}
    </div>
  );
}
