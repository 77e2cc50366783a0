"use client";

import { useMemo, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import type { RecipientCount } from "@/lib/blasts/count-recipients";
import type { Selection } from "@/lib/blasts/selection";
import { Button } from "@/components/ui/button";
import { Field, Input, Textarea } from "@/components/ui/field";
import { flash, FormMessage } from "@/components/ui/flash";
import { ConfirmDialog } from "@/components/blasts/confirm-dialog";
import { resolveSchedule, SchedulePicker, type ScheduleValue } from "@/components/blasts/schedule-picker";
import { todayInZone } from "@/components/blasts/zoned-time";
import { createBlastAction } from "../actions";
import { countRecipientsAction, previewBlastAction, testSendAction } from "../compose-actions";
import { CustomerPicker, type PickedCustomer } from "./customer-picker";
import { unwrap, useDebounced } from "./use-debounced";
import { plural, RecipientSummary } from "./recipient-summary";

export type TemplateOption = { key: string; name: string; description: string; defaultSubject: string; urgent: boolean };
type Mode = Selection["mode"];
type Preview = { html: string; subject: string; sampleName: string; sampleEmail: string; isSample: boolean };

/**
 * The blast composer: who (and what it costs), what (template, subject, message, live preview as the
 * first recipient gets it), when (now, or a date and time in the agency's zone), a test send to the
 * agent, then a confirmation that states the number of recipients and credits before anything is sent.
 */
export function BlastComposer({
  templates,
  tags,
  timeZone,
  agentEmail,
  initialCount,
}: {
  templates: TemplateOption[];
  tags: string[];
  timeZone: string;
  agentEmail: string;
  initialCount: RecipientCount;
}) {
  const router = useRouter();
  const [mode, setMode] = useState<Mode>("all");
  const [pickedTags, setPickedTags] = useState<string[]>([]);
  const [picked, setPicked] = useState<PickedCustomer[]>([]);
  const [templateKey, setTemplateKey] = useState(templates[0]?.key ?? "");
  const [subject, setSubject] = useState(templates[0]?.defaultSubject ?? "");
  const [customMessage, setCustomMessage] = useState("");
  const [urgent, setUrgent] = useState(templates[0]?.urgent ?? false);
  const [when, setWhen] = useState<"now" | "later">("now");
  const [schedule, setSchedule] = useState<ScheduleValue>(() => ({ date: todayInZone(timeZone), time: "" }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [sending, startSend] = useTransition();
  const [testing, startTest] = useTransition();

  const selection: Selection | null = useMemo(() => {
    if (mode === "all") return { mode: "all" };
    if (mode === "tag") return pickedTags.length ? { mode: "tag", tags: pickedTags } : null;
    return picked.length ? { mode: "ids", ids: picked.map((p) => p.id) } : null;
  }, [mode, pickedTags, picked]);
  const selectionKey = JSON.stringify(selection);
  // A message about the form goes away as soon as the agent changes something.
  const [lastInputs, setLastInputs] = useState("");
  const inputs = JSON.stringify([selectionKey, templateKey, subject, customMessage, when, schedule]);
  if (inputs !== lastInputs) {
    setLastInputs(inputs);
    if (formError && !sending) setFormError(null);
    if (Object.keys(errors).length > 0 && !sending) setErrors({});
  }

  const counted = useDebounced(selectionKey, 250, () => unwrap(countRecipientsAction({ selection })), selection !== null);
  // Until the first recount answers, "all active customers" is the count the page was rendered with: it is
  // current, so the agent may go on to review with it. Any other count is current once its recount is in.
  const fromPage = selectionKey === JSON.stringify({ mode: "all" }) && !counted.data;
  const count = selection === null ? null : fromPage ? initialCount : counted.data;
  const countIsCurrent = fromPage || !counted.loading;
  const preview = useDebounced(JSON.stringify([templateKey, subject, customMessage, selection]), 400, () =>
    unwrap<Preview>(previewBlastAction({ templateKey, subject, customMessage, selection: selection ?? undefined })),
  );

  const pickTemplate = (key: string) => {
    const next = templates.find((t) => t.key === key);
    const prev = templates.find((t) => t.key === templateKey);
    if (!next) return;
    setTemplateKey(key);
    // The default subject replaces the previous default, never what the agent typed.
    if (!subject.trim() || subject === prev?.defaultSubject) setSubject(next.defaultSubject);
    setUrgent(next.urgent);
  };

  const scheduled = when === "later" ? resolveSchedule(schedule, timeZone) : null;

  function validate(): Record<string, string> {
    const e: Record<string, string> = {};
    if (mode === "tag" && pickedTags.length === 0) e.selection = "Pick at least one tag.";
    if (mode === "ids" && picked.length === 0) e.selection = "Pick at least one customer.";
    if (!e.selection && count) {
      if (count.eligible === 0) e.selection = "None of these customers can be emailed (inactive or opted out). Choose other recipients.";
      else if (!count.enoughCredit)
        e.selection = `Not enough credit: this needs ${plural(count.eligible, "credit")} and you have ${count.creditBalance.toLocaleString("en-US")}.`;
    }
    if (!subject.trim()) e.subject = "Enter a subject.";
    if (subject.length > 200) e.subject = "Keep the subject under 200 characters.";
    if (customMessage.length > 5000) e.customMessage = "Keep the message under 5,000 characters.";
    if (scheduled && !scheduled.ok) e.schedule = scheduled.error;
    return e;
  }

  const review = () => {
    setFormError(null);
    const e = validate();
    setErrors(e);
    if (Object.keys(e).length > 0) {
      setFormError("Fix the highlighted fields first.");
      document.getElementById(e.selection ? "recipients" : e.subject ? "subject" : e.customMessage ? "customMessage" : "when")?.focus();
      return;
    }
    if (!count || !countIsCurrent) {
      setFormError("Still counting recipients — try again in a second.");
      return;
    }
    setConfirming(true);
  };

  const send = () => {
    if (!selection) return;
    // Re-checked now: the dialog may have stayed open past the chosen time.
    const at = when === "later" ? resolveSchedule(schedule, timeZone) : null;
    if (at && !at.ok) {
      setFormError(at.error);
      setErrors({ schedule: at.error });
      setConfirming(false);
      return;
    }
    startSend(async () => {
      const res = await createBlastAction({
        templateKey,
        subject,
        customMessage,
        selection,
        urgent,
        scheduledAt: at?.ok ? at.iso : undefined,
      }).catch(() => ({
        ok: false as const,
        error: "Could not reach the server. Nothing was sent; check your connection and try again.",
        fieldErrors: undefined,
      }));
      if (!res.ok) {
        setFormError(res.error);
        if (res.fieldErrors)
          setErrors(
            Object.fromEntries(
              Object.entries(res.fieldErrors).map(([k, v]) => [k.split(".")[0] === "scheduledAt" ? "schedule" : k.split(".")[0], v[0]]),
            ),
          );
        setConfirming(false);
        return;
      }
      flash("success", at?.ok ? `Blast scheduled for ${at.label}.` : `Blast on its way to ${plural(count?.eligible ?? 0, "customer")}.`);
      router.push(`/blasts/${res.data.blastId}`);
    });
  };

  const testSend = () => {
    if (!subject.trim()) {
      setErrors((e) => ({ ...e, subject: "Enter a subject." }));
      return;
    }
    startTest(async () => {
      const res = await testSendAction({ templateKey, subject, customMessage, selection: selection ?? undefined }).catch(() => ({
        ok: false as const,
        error: "Could not reach the server. Try again.",
      }));
      if (res.ok) flash("success", `Test email sent to ${res.data.to}.`);
      else flash("error", res.error);
    });
  };

  const template = templates.find((t) => t.key === templateKey);
  const credits = count ? plural(count.eligible, "credit") : "";

  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          review();
        }}
        className="space-y-6"
        aria-label="New blast"
      >
        <section aria-labelledby="recipients-title" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm md:p-6">
          <h2 id="recipients-title" className="text-lg font-semibold">
            1. Recipients
          </h2>
          <fieldset
            id="recipients"
            tabIndex={-1}
            className="mt-3"
            aria-describedby="recipient-count"
            aria-invalid={errors.selection ? true : undefined}
          >
            <legend className="sr-only">Who gets this email</legend>
            <div className="flex flex-wrap gap-x-6 gap-y-2 text-sm">
              {(
                [
                  ["all", "All active customers"],
                  ["tag", "Customers with tags"],
                  ["ids", "Hand-picked customers"],
                ] as const
              ).map(([value, label]) => (
                <label key={value} className="flex items-center gap-2">
                  <input
                    type="radio"
                    name="mode"
                    value={value}
                    checked={mode === value}
                    onChange={() => setMode(value)}
                    className="h-4 w-4"
                  />
                  {label}
                </label>
              ))}
            </div>
          </fieldset>
          {mode === "tag" ? (
            <fieldset className="mt-4">
              <legend className="text-sm font-medium text-slate-700">Tags (customers with any of them)</legend>
              {tags.length === 0 ? (
                <p className="mt-1 text-sm text-slate-600">
                  Your customers have no tags yet. Add tags on the Customers page or import them from a CSV.
                </p>
              ) : (
                <div className="mt-2 flex flex-wrap gap-2">
                  {tags.map((t) => (
                    <label
                      key={t}
                      className={`flex cursor-pointer items-center gap-2 rounded-full border px-3 py-1 text-sm ${pickedTags.includes(t) ? "border-brand-600 bg-brand-50 text-brand-800" : "border-slate-300 bg-white"}`}
                    >
                      <input
                        type="checkbox"
                        checked={pickedTags.includes(t)}
                        onChange={() => setPickedTags((p) => (p.includes(t) ? p.filter((x) => x !== t) : [...p, t]))}
                        className="h-3.5 w-3.5"
                      />
                      {t}
                    </label>
                  ))}
                </div>
              )}
            </fieldset>
          ) : null}
          {mode === "ids" ? (
            <div className="mt-4">
              <CustomerPicker picked={picked} onChange={setPicked} />
            </div>
          ) : null}
          <RecipientSummary count={count} loading={!countIsCurrent} error={counted.error} empty={selection === null} />
          {errors.selection ? (
            <p className="mt-2 text-sm text-red-700" data-testid="selection-error">
              {errors.selection}
            </p>
          ) : null}
        </section>

        <section aria-labelledby="message-title" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm md:p-6">
          <h2 id="message-title" className="text-lg font-semibold">
            2. Message
          </h2>
          <fieldset>
            <legend className="text-sm font-medium text-slate-700">Template</legend>
            <div className="mt-2 grid gap-2 sm:grid-cols-3">
              {templates.map((t) => (
                <label
                  key={t.key}
                  className={`flex cursor-pointer flex-col rounded-md border p-3 text-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-500 ${t.key === templateKey ? "border-brand-600 bg-brand-50" : "border-slate-300 bg-white hover:bg-slate-50"}`}
                >
                  <span className="flex items-center gap-2 font-medium">
                    <input
                      type="radio"
                      name="templateKey"
                      value={t.key}
                      checked={t.key === templateKey}
                      onChange={() => pickTemplate(t.key)}
                      className="h-4 w-4"
                    />
                    {t.name}
                  </span>
                  <span className="mt-1 text-xs text-slate-600">{t.description}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <Field
            id="subject"
            label="Subject"
            error={errors.subject}
            hint={template ? `Default for this template: “${template.defaultSubject}”` : undefined}
          >
            {(a11y) => <Input {...a11y} value={subject} onChange={(e) => setSubject(e.target.value)} maxLength={200} required />}
          </Field>
          <Field
            id="customMessage"
            label="Your message (optional)"
            error={errors.customMessage}
            hint={`Plain text; a blank line starts a new paragraph. ${customMessage.length.toLocaleString("en-US")}/5,000`}
          >
            {(a11y) => (
              <Textarea {...a11y} rows={6} value={customMessage} onChange={(e) => setCustomMessage(e.target.value)} maxLength={5000} />
            )}
          </Field>
          <label className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              checked={urgent}
              onChange={(e) => setUrgent(e.target.checked)}
              className="mt-0.5 h-4 w-4"
              aria-describedby="urgent-hint"
            />
            <span>
              <span className="font-medium">Urgent</span>
              <span id="urgent-hint" className="block text-slate-600">
                For disaster notices: goes out ahead of your other blasts in the sending queue.
              </span>
            </span>
          </label>
        </section>

        <section aria-labelledby="when-title" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm md:p-6">
          <h2 id="when-title" className="text-lg font-semibold">
            3. When
          </h2>
          <fieldset id="when" tabIndex={-1} className="mt-3">
            <legend className="sr-only">When to send</legend>
            <div className="flex flex-wrap gap-6 text-sm">
              <label className="flex items-center gap-2">
                <input type="radio" name="when" checked={when === "now"} onChange={() => setWhen("now")} className="h-4 w-4" />
                Send now
              </label>
              <label className="flex items-center gap-2">
                <input type="radio" name="when" checked={when === "later"} onChange={() => setWhen("later")} className="h-4 w-4" />
                Schedule for later
              </label>
            </div>
          </fieldset>
          {when === "later" ? (
            <div className="mt-4">
              <SchedulePicker
                id="schedule"
                value={schedule}
                onChange={(v) => {
                  setSchedule(v);
                  setErrors(({ schedule: _drop, ...rest }) => rest);
                }}
                timeZone={timeZone}
                error={errors.schedule}
              />
            </div>
          ) : null}
        </section>

        <div className="space-y-3">
          <FormMessage error={formError} />
          <div className="flex flex-wrap items-center justify-end gap-2">
            <Button variant="secondary" onClick={testSend} pending={testing} pendingLabel="Sending test…" data-testid="test-send">
              Send a test to {agentEmail}
            </Button>
            <Button type="submit" data-testid="review-send">
              {when === "later" ? "Review and schedule…" : "Review and send…"}
            </Button>
          </div>
        </div>
      </form>

      <section aria-labelledby="preview-title" className="xl:sticky xl:top-4 xl:self-start">
        <div className="rounded-lg border border-slate-200 bg-white shadow-sm">
          <div className="border-b border-slate-200 p-4">
            <div className="flex items-center justify-between gap-2">
              <h2 id="preview-title" className="text-lg font-semibold">
                Preview
              </h2>
              <span className="text-xs text-slate-500" aria-live="polite">
                {preview.loading ? "Updating…" : ""}
              </span>
            </div>
            {preview.data ? (
              <p className="mt-1 text-sm text-slate-600">
                As {preview.data.isSample ? "a sample customer" : <strong>{preview.data.sampleName}</strong>} ({preview.data.sampleEmail})
                would receive it. Subject:{" "}
                <span className="font-medium text-slate-900" data-testid="preview-subject">
                  {preview.data.subject || "(no subject)"}
                </span>
              </p>
            ) : null}
            {preview.error ? (
              <p role="alert" className="mt-1 text-sm text-red-700">
                Preview unavailable: {preview.error}
              </p>
            ) : null}
          </div>
          {preview.data ? (
            <iframe
              title="Email preview"
              sandbox=""
              srcDoc={preview.data.html}
              className="h-[44rem] w-full rounded-b-lg bg-white"
              data-testid="preview-frame"
            />
          ) : (
            <p className="p-6 text-sm text-slate-500" role="status">
              {preview.error ? "" : "Rendering the preview…"}
            </p>
          )}
        </div>
      </section>

      <ConfirmDialog
        open={confirming}
        title={
          scheduled?.ok
            ? `Schedule for ${scheduled.label} to ${plural(count?.eligible ?? 0, "customer")}?`
            : `Send to ${plural(count?.eligible ?? 0, "customer")} now?`
        }
        confirmLabel={scheduled?.ok ? "Schedule blast" : "Send now"}
        pendingLabel={scheduled?.ok ? "Scheduling…" : "Sending…"}
        pending={sending}
        onClose={() => setConfirming(false)}
        onConfirm={send}
      >
        <p data-testid="confirm-summary">
          {scheduled?.ok ? `Uses ${credits}, reserved when it starts.` : `Uses ${credits}.`} You have{" "}
          {count?.creditBalance.toLocaleString("en-US")}. Subject: “{subject.trim()}”{urgent ? " · Urgent" : ""}.
        </p>
        <p className="mt-2 text-slate-600">Addresses found invalid at send time are skipped and their credit is returned.</p>
      </ConfirmDialog>
    </div>
  );
}
