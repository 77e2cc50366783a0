"use client";

import { useEffect, useRef, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/flash";
import type { EmailPreview } from "@/lib/customers/preview-customer-email";
import { findPreviewCustomersAction, previewTemplateAction } from "./actions";
import { PreviewTabs } from "./preview-tabs";

type Template = { key: string; name: string; description: string; defaultSubject: string; urgent: boolean };
type CustomerChoice = { id: string; label: string };

const SAMPLE_MESSAGE = "Our office will be closed on Monday for the holiday.\n\nFor urgent claims, call our 24/7 line.";

/** The gallery (a radio group: arrow keys move between templates) and a live, server-rendered preview. */
export function TemplatePreview({
  templates,
  customers,
  initialKey,
}: {
  templates: Template[];
  customers: CustomerChoice[];
  initialKey: string;
}) {
  const [key, setKey] = useState(initialKey);
  const [customerId, setCustomerId] = useState("");
  const [choices, setChoices] = useState(customers);
  const [search, setSearch] = useState("");
  const [subject, setSubject] = useState(templates.find((t) => t.key === initialKey)?.defaultSubject ?? "");
  const [subjectEdited, setSubjectEdited] = useState(false);
  const [message, setMessage] = useState(SAMPLE_MESSAGE);
  const [preview, setPreview] = useState<EmailPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);

  function pick(next: string) {
    setKey(next);
    if (!subjectEdited) setSubject(templates.find((t) => t.key === next)?.defaultSubject ?? "");
  }

  // Re-render after typing pauses; a late answer to an older request never overwrites a newer one.
  useEffect(() => {
    const mine = ++seq.current;
    const timer = setTimeout(async () => {
      setLoading(true);
      try {
        const result = await previewTemplateAction({ templateKey: key, customerId, subject, customMessage: message });
        if (mine !== seq.current) return;
        if (result.ok) {
          setPreview(result.data);
          setError(null);
        } else setError(result.error);
      } catch {
        if (mine === seq.current) setError("Could not reach the server to render the preview.");
      } finally {
        if (mine === seq.current) setLoading(false);
      }
    }, 300);
    return () => clearTimeout(timer);
  }, [key, customerId, subject, message]);

  useEffect(() => {
    if (!search.trim()) return;
    const timer = setTimeout(async () => {
      const result = await findPreviewCustomersAction({ q: search }).catch(() => null);
      if (result?.ok) setChoices(result.data);
    }, 300);
    return () => clearTimeout(timer);
  }, [search]);

  return (
    <div className="space-y-6">
      <fieldset>
        <legend className="mb-2 text-sm font-medium text-slate-700">Template</legend>
        <div className="grid gap-3 md:grid-cols-3">
          {templates.map((t) => (
            <label
              key={t.key}
              className={`block cursor-pointer rounded-lg border bg-white p-4 shadow-sm has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-500 ${key === t.key ? "border-brand-500 ring-2 ring-brand-100" : "border-slate-200 hover:border-slate-300"}`}
              data-testid={`template-${t.key}`}
            >
              <input type="radio" name="template" value={t.key} checked={key === t.key} onChange={() => pick(t.key)} className="sr-only" />
              <span className="flex items-center justify-between gap-2">
                <span className="font-semibold">{t.name}</span>
                {t.urgent ? <Badge tone="red">Urgent</Badge> : null}
              </span>
              <span className="mt-1 block text-sm text-slate-600">{t.description}</span>
            </label>
          ))}
        </div>
      </fieldset>

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
        <div className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
          <Field id="customer-search" label="Find a customer" hint="Search by name or email to preview as them.">
            {(a) => <Input {...a} type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Name or email" />}
          </Field>
          <Field id="preview-customer" label="Preview as">
            {(a) => (
              <Select {...a} value={customerId} onChange={(e) => setCustomerId(e.target.value)}>
                <option value="">Sample customer (Maria)</option>
                {choices.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.label}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field id="preview-subject" label="Subject">
            {(a) => (
              <Input
                {...a}
                value={subject}
                maxLength={200}
                onChange={(e) => {
                  setSubject(e.target.value);
                  setSubjectEdited(true);
                }}
              />
            )}
          </Field>
          <Field id="preview-message" label="Custom message" hint="Plain text; a blank line starts a new paragraph.">
            {(a) => <Textarea {...a} rows={6} value={message} maxLength={5000} onChange={(e) => setMessage(e.target.value)} />}
          </Field>
          <ButtonLink href={`/blasts/new?template=${key}`} variant="primary">
            Use this template in a blast
          </ButtonLink>
        </div>
        <div>
          <FormMessage error={error} />
          <PreviewTabs preview={preview} loading={loading} />
        </div>
      </div>
    </div>
  );
}
