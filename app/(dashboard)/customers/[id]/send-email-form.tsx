"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/app/_lib/tenant-action";
import { Button } from "@/components/ui/button";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { flash, FormMessage } from "@/components/ui/flash";

export type SendToCustomer = (input: {
  customerId: string;
  templateKey: string;
  subject: string;
  customMessage: string;
}) => Promise<ActionResult<{ blastId: string }>>;
type TemplateChoice = { key: string; name: string; defaultSubject: string };

/**
 * One email to this customer: the same pipeline as a blast (a one-recipient blast), so every guard
 * against duplicates applies. The subject follows the template until the agent types their own.
 */
export function SendEmailForm({
  customerId,
  templates,
  disabledReason,
  send,
}: {
  customerId: string;
  templates: TemplateChoice[];
  disabledReason?: string | null;
  send?: SendToCustomer;
}) {
  const router = useRouter();
  const [templateKey, setTemplateKey] = useState(templates[0]?.key ?? "");
  const [subject, setSubject] = useState(templates[0]?.defaultSubject ?? "");
  const [subjectEdited, setSubjectEdited] = useState(false);
  const [message, setMessage] = useState("");
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const unavailable = disabledReason ?? (send ? null : "Sending from this page is not available yet.");

  function pickTemplate(key: string) {
    setTemplateKey(key);
    if (!subjectEdited) setSubject(templates.find((t) => t.key === key)?.defaultSubject ?? "");
  }

  function submit() {
    if (!send) return;
    startTransition(async () => {
      try {
        const result = await send({ customerId, templateKey, subject, customMessage: message });
        if (!result.ok) {
          setErrors(result.fieldErrors ?? {});
          setFormError(result.error);
          flash("error", `Not sent: ${result.error}`);
          return;
        }
        setErrors({});
        setFormError(null);
        setMessage("");
        flash("success", "Email queued: it is on its way. Its progress shows in the activity below.");
        router.refresh();
      } catch {
        setFormError("Could not reach the server. The email was not sent; try again.");
      }
    });
  }

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      className="space-y-4"
      aria-label="Send an email to this customer"
    >
      {unavailable ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="send-unavailable">
          {unavailable}
        </p>
      ) : null}
      <fieldset disabled={Boolean(unavailable) || pending} className="space-y-4">
        <Field id="send-template" label="Template" error={errors.templateKey}>
          {(a) => (
            <Select {...a} value={templateKey} onChange={(e) => pickTemplate(e.target.value)}>
              {templates.map((t) => (
                <option key={t.key} value={t.key}>
                  {t.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field id="send-subject" label="Subject" error={errors.subject}>
          {(a) => (
            <Input
              {...a}
              value={subject}
              maxLength={200}
              required
              onChange={(e) => {
                setSubject(e.target.value);
                setSubjectEdited(true);
              }}
            />
          )}
        </Field>
        <Field id="send-message" label="Your message" hint="Plain text; a blank line starts a new paragraph." error={errors.customMessage}>
          {(a) => <Textarea {...a} value={message} rows={5} maxLength={5000} onChange={(e) => setMessage(e.target.value)} />}
        </Field>
      </fieldset>
      <FormMessage error={formError} />
      <Button type="submit" pending={pending} pendingLabel="Sending…" disabled={Boolean(unavailable)}>
        Send email
      </Button>
    </form>
  );
}
