"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { flash, FormMessage } from "@/components/ui/flash";
import { addAgentAction } from "./actions";
import { IssuedLinkNotice, type ShownLink } from "./issued-link-notice";

/** Name, email, role → the agent exists with no password, and the owner sees the one-time link once. */
export function AddAgentForm() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [issued, setIssued] = useState<ShownLink | null>(null);

  function submit(formEl: HTMLFormElement) {
    const form = new FormData(formEl);
    const values = { name: String(form.get("name") ?? ""), email: String(form.get("email") ?? ""), role: String(form.get("role") ?? "AGENT") };
    startTransition(async () => {
      try {
        const result = await addAgentAction(values);
        if (!result.ok) {
          setErrors(result.fieldErrors ?? {});
          setFormError(Object.keys(result.fieldErrors ?? {}).length ? "Check the highlighted fields." : result.error);
          return;
        }
        setErrors({});
        setFormError(null);
        setIssued({ ...result.data, name: values.name });
        formEl.reset();
        flash("success", `${values.name} added.`);
        router.refresh();
      } catch {
        setFormError("Could not reach the server. Nothing was saved.");
      }
    });
  }

  return (
    <div className="space-y-4">
      <form onSubmit={(e) => { e.preventDefault(); submit(e.currentTarget); }} noValidate aria-label="Add an agent" className="space-y-4">
        <fieldset disabled={pending} className="grid gap-4 sm:grid-cols-[1fr_1fr_10rem]">
          <Field id="agent-name" label="Name" error={errors.name}>{(a) => <Input {...a} name="name" autoComplete="off" required />}</Field>
          <Field id="agent-email" label="Email" error={errors.email}>{(a) => <Input {...a} name="email" type="email" autoComplete="off" required />}</Field>
          <Field id="agent-role" label="Role" error={errors.role}>
            {(a) => (
              <Select {...a} name="role" defaultValue="AGENT">
                <option value="AGENT">Agent</option>
                <option value="OWNER">Owner</option>
              </Select>
            )}
          </Field>
        </fieldset>
        <p className="text-xs text-slate-500">Agents send blasts, manage customers and see the activity history. Owners also manage the team, the settings and the credit ledger.</p>
        <FormMessage error={formError} />
        <Button type="submit" pending={pending} pendingLabel="Adding…">Add agent</Button>
      </form>
      {issued ? <IssuedLinkNotice link={issued} onClose={() => setIssued(null)} /> : null}
    </div>
  );
}
