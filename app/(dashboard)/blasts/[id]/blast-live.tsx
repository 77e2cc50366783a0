"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import type { BlastProgress } from "@/lib/blasts/get-blast";
import { Button } from "@/components/ui/button";
import { flash } from "@/components/ui/flash";
import { ConfirmDialog } from "@/components/blasts/confirm-dialog";
import { BlastStatusBadge } from "@/components/blasts/status-badge";
import { resolveSchedule, SchedulePicker, type ScheduleValue } from "@/components/blasts/schedule-picker";
import { formatInZone, todayInZone } from "@/components/blasts/zoned-time";
import { cancelBlastAction, pauseBlastAction, rescheduleBlastAction, resumeBlastAction, retryFailedAction } from "../actions";

const POLL_MS = 1500;
/** After the blast is final, a few more polls catch deliveries that were mid-send when it was cancelled. */
const TAIL_POLLS = 20;
/**
 * Delivery reports (webhooks) keep coming in after the last email is sent: keep polling, more slowly,
 * until every sent email has one or this long after the blast finished (a report can take days).
 */
const REPORT_POLL_MS = 5000;
const REPORT_WINDOW_MS = 15 * 60_000;
const awaitingReports = (p: BlastProgress, now: number) =>
  p.final && p.reports.awaiting > 0 && p.completedAt !== null && now - Date.parse(p.completedAt) < REPORT_WINDOW_MS;

type Dialog = "cancel" | "retry" | "reschedule" | null;

/**
 * The live part of the blast page: counters and a progress bar that follow the workers (polling the
 * progress route while the blast moves, then while delivery reports are still due), the provider's
 * delivery reports, and the actions that apply now. When the numbers change, the server part of the
 * page (the recipient table) is refreshed too.
 */
export function BlastLive({ initial, timeZone, kind }: { initial: BlastProgress; timeZone: string; kind: "BLAST" | "DIRECT" }) {
  const router = useRouter();
  const [progress, setProgress] = useState(initial);
  const [pollError, setPollError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const [schedule, setSchedule] = useState<ScheduleValue>(() => ({ date: todayInZone(timeZone), time: "" }));
  const lastSeen = useRef(initial.updatedAt);

  // A server refresh (after an action or navigation) brings a new snapshot: take it if it is newer.
  const [snapshot, setSnapshot] = useState(initial);
  if (snapshot !== initial) {
    setSnapshot(initial);
    if (initial.updatedAt >= progress.updatedAt) setProgress(initial);
  }

  const moving = !progress.final || progress.pending > 0;
  const scheduledAt = progress.status === "SCHEDULED" ? progress.scheduledAt : null;
  // A paused blast only settles what was already in flight: a slower poll is enough.
  const paused = progress.status === "PAUSED";
  // Reports are due from a finished blast that still has sent emails nobody reported on.
  const reportsDue = progress.final && progress.reports.awaiting > 0 ? progress.completedAt : null;
  useEffect(() => {
    if (!moving && !(reportsDue && Date.now() - Date.parse(reportsDue) < REPORT_WINDOW_MS)) return;
    let stopped = false;
    let tail = 0;
    let settling = moving;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      try {
        const res = await fetch(`/api/blasts/${progress.id}/progress`, { cache: "no-store" });
        if (!res.ok)
          throw new Error(
            res.status === 401 ? "Your session has ended. Reload the page to sign in." : "Could not load the latest progress.",
          );
        const next = (await res.json()) as BlastProgress;
        if (stopped) return;
        setPollError(null);
        setProgress(next);
        if (next.updatedAt !== lastSeen.current) {
          lastSeen.current = next.updatedAt;
          router.refresh();
        }
        settling = !next.final || next.pending > 0;
        if (next.final && (next.pending === 0 || ++tail > TAIL_POLLS) && !awaitingReports(next, Date.now())) return;
      } catch (error) {
        if (!stopped) setPollError(error instanceof Error ? error.message : "Could not load the latest progress.");
      }
      if (!stopped) timer = setTimeout(tick, delay());
    };
    // A blast scheduled for later is checked now and then; one about to start, or moving, every 1.5 s;
    // a finished one waiting for its delivery reports every 5 s.
    const delay = () =>
      scheduledAt && Date.parse(scheduledAt) - Date.now() > 60_000 ? 15_000 : settling && !paused ? POLL_MS : REPORT_POLL_MS;
    timer = setTimeout(tick, delay());
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [moving, reportsDue, progress.id, scheduledAt, paused, router]);

  const run = (action: () => Promise<{ ok: true } | { ok: false; error: string }>, success: string) => {
    setActionError(null);
    startTransition(async () => {
      const result = await action();
      if (!result.ok) {
        setActionError(result.error);
        return;
      }
      flash("success", success);
      setDialog(null);
      router.refresh();
    });
  };

  const p = progress;
  const canCancel = ["SCHEDULED", "QUEUED", "SENDING", "PAUSED"].includes(p.status);
  const canPause = ["SCHEDULED", "QUEUED", "SENDING"].includes(p.status) && kind === "BLAST";
  const canResume = p.status === "PAUSED";
  const canRetry = (p.status === "COMPLETED" || p.status === "CANCELLED") && p.failed > 0;
  const canReschedule = p.status === "SCHEDULED" && kind === "BLAST";
  const resolved = resolveSchedule(schedule, timeZone);
  const stats: [string, number, string][] = [
    ["Sent", p.sent, "text-green-800"],
    ["Skipped", p.skipped, "text-amber-800"],
    ["Failed", p.failed, "text-red-700"],
    ["Cancelled", p.cancelled, "text-slate-700"],
    ["Pending", p.pending, "text-slate-700"],
  ];

  return (
    <section
      aria-labelledby="progress-title"
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm md:p-6"
      data-testid="blast-live"
    >
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex items-center gap-3">
          <h2 id="progress-title" className="text-lg font-semibold text-slate-900">
            Progress
          </h2>
          <BlastStatusBadge status={p.status} />
          {moving ? (
            <span className="text-xs text-slate-500" aria-hidden="true">
              updating live…
            </span>
          ) : null}
        </div>
        <div className="flex flex-wrap gap-2">
          {canReschedule ? (
            <Button
              variant="secondary"
              onClick={() => {
                setActionError(null);
                setDialog("reschedule");
              }}
            >
              Reschedule
            </Button>
          ) : null}
          {canRetry ? (
            <Button
              variant="secondary"
              onClick={() => {
                setActionError(null);
                setDialog("retry");
              }}
            >
              Retry failed ({p.failed})
            </Button>
          ) : null}
          {canPause ? (
            <Button
              variant="secondary"
              disabled={pending}
              onClick={() =>
                run(
                  () => pauseBlastAction({ blastId: p.id }),
                  "Blast paused. Emails already on their way finish; no new ones go out until you resume.",
                )
              }
            >
              {pending ? "Working…" : "Pause"}
            </Button>
          ) : null}
          {canResume ? (
            <Button
              disabled={pending}
              onClick={() => run(() => resumeBlastAction({ blastId: p.id }), "Blast resumed: the recipients not yet sent will get it.")}
            >
              {pending ? "Working…" : "Resume"}
            </Button>
          ) : null}
          {canCancel ? (
            <Button
              variant="danger"
              onClick={() => {
                setActionError(null);
                setDialog("cancel");
              }}
            >
              Cancel blast
            </Button>
          ) : null}
        </div>
      </div>

      {p.status === "SCHEDULED" && p.scheduledAt ? (
        <p className="mt-3 text-sm text-slate-700" data-testid="scheduled-for">
          Scheduled for{" "}
          <time dateTime={p.scheduledAt} className="font-medium">
            {formatInZone(p.scheduledAt, timeZone, { weekday: true })}
          </time>
          . Credit is reserved when it starts.
        </p>
      ) : null}
      {p.status === "QUEUED" ? <p className="mt-3 text-sm text-slate-700">Queued: preparing the recipient list…</p> : null}
      {p.status === "PAUSED" ? (
        <p className="mt-3 rounded-md bg-blue-50 px-3 py-2 text-sm text-blue-900" data-testid="paused-note">
          Paused: no new emails go out.
          {p.pending > 0 ? ` ${p.pending.toLocaleString("en-US")} recipients are waiting; their credit stays reserved.` : ""} Resume to send
          to them, or cancel to return their credit.
        </p>
      ) : null}
      {p.status === "FAILED" ? (
        <p role="alert" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="failure-reason">
          This blast did not start: {p.failureReason ?? "unknown reason"}. No credit was used.
        </p>
      ) : p.failureReason ? (
        <p className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="failure-reason">
          {p.failureReason}
        </p>
      ) : null}

      <div className="mt-4">
        <div className="flex justify-between text-sm text-slate-700">
          <span id="progress-label">
            {p.total ? `${p.total - p.pending} of ${p.total} recipients settled` : "No recipients resolved yet"}
          </span>
          <span data-testid="progress-percent">{p.percent}%</span>
        </div>
        <div
          role="progressbar"
          aria-labelledby="progress-label"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={p.percent}
          data-testid="progress-bar"
          className="mt-1 h-3 overflow-hidden rounded-full bg-slate-100"
        >
          <div className="h-full bg-brand-600 transition-[width] duration-500" style={{ width: `${p.percent}%` }} />
        </div>
      </div>

      <dl className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
        <div className="rounded-md bg-slate-50 p-3">
          <dt className="text-xs uppercase tracking-wide text-slate-500">Recipients</dt>
          <dd className="text-xl font-semibold tabular-nums" data-testid="count-total">
            {p.total}
          </dd>
        </div>
        {stats.map(([label, value, tone]) => (
          <div key={label} className="rounded-md bg-slate-50 p-3">
            <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
            <dd className={`text-xl font-semibold tabular-nums ${tone}`} data-testid={`count-${label.toLowerCase()}`}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      {p.sent > 0 ? <DeliveryReports progress={p} /> : null}
      {pollError ? (
        <p role="alert" className="mt-3 text-sm text-red-700">
          {pollError} Retrying…
        </p>
      ) : null}

      <ConfirmDialog
        open={dialog === "cancel"}
        title="Cancel this blast?"
        confirmLabel="Cancel blast"
        pendingLabel="Cancelling…"
        danger
        pending={pending}
        error={actionError}
        onClose={() => setDialog(null)}
        onConfirm={() =>
          run(() => cancelBlastAction({ blastId: p.id }), "Blast cancelled. Emails not yet sent will not go out; their credit is returned.")
        }
      >
        {p.status === "SCHEDULED"
          ? "It will not be sent. Nothing has been charged."
          : "Emails already sent stay sent; the rest will not go out and their credit is returned."}
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === "retry"}
        title={`Retry ${p.failed} failed recipient${p.failed === 1 ? "" : "s"}?`}
        confirmLabel="Retry failed"
        pendingLabel="Starting…"
        pending={pending}
        error={actionError}
        onClose={() => setDialog(null)}
        onConfirm={() => run(() => retryFailedAction({ blastId: p.id }), "Retry started for the failed recipients.")}
      >
        Only the recipients whose email failed are sent again; it uses up to {p.failed} credit{p.failed === 1 ? "" : "s"}. Nobody who
        already got the email gets it twice.
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === "reschedule"}
        title="Reschedule this blast"
        confirmLabel="Save new time"
        pendingLabel="Saving…"
        pending={pending}
        error={actionError}
        onClose={() => setDialog(null)}
        onConfirm={() => {
          if (!resolved.ok) return setActionError(resolved.error);
          run(() => rescheduleBlastAction({ blastId: p.id, scheduledAt: resolved.iso }), `Rescheduled for ${resolved.label}.`);
        }}
      >
        <div className="mt-2">
          <SchedulePicker id="reschedule" value={schedule} onChange={setSchedule} timeZone={timeZone} />
        </div>
      </ConfirmDialog>
    </section>
  );
}

/** What the provider reported about the sent emails: each sent email counted once, under its latest outcome. */
function DeliveryReports({ progress: p }: { progress: BlastProgress }) {
  const r = p.reports;
  const heard = r.delivered + r.delayed + r.bounced + r.complained + r.opened + r.clicked;
  const rate = (v: number | null) => (v === null ? "" : `${v.toLocaleString("en-US", { maximumFractionDigits: 1 })}% of sent`);
  const tiles: [key: string, label: string, count: number, rate: number | null, tone: string, hint?: string][] = [
    ["delivered", "Delivered", r.delivered, p.rates.delivered, "text-green-800"],
    ["bounced", "Bounced", r.bounced, p.rates.bounced, "text-red-700"],
    ["complained", "Complained", r.complained, p.rates.complained, "text-red-700", "marked as spam"],
  ];
  if (r.delayed > 0) tiles.push(["delayed", "Delayed", r.delayed, null, "text-amber-800", "provider still trying"]);
  if (r.opened > 0) tiles.push(["opened", "Opened", r.opened, p.rates.opened, "text-slate-800"]);
  if (r.clicked > 0) tiles.push(["clicked", "Clicked", r.clicked, p.rates.clicked, "text-slate-800"]);
  if (r.awaiting > 0) tiles.push(["awaiting", "No report yet", r.awaiting, null, "text-slate-700"]);
  return (
    <section aria-labelledby="reports-title" className="mt-5 border-t border-slate-100 pt-4" data-testid="delivery-reports">
      <h3 id="reports-title" className="text-sm font-semibold text-slate-900">
        Delivery reports
      </h3>
      {heard === 0 ? (
        <p className="mt-1 text-sm text-slate-600" data-testid="no-delivery-reports">
          <span className="font-medium text-slate-800">No delivery reports yet.</span> The email provider reports deliveries, bounces and
          spam complaints a few seconds to a few minutes after sending; they appear here as they arrive.
        </p>
      ) : (
        <dl className="mt-2 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
          {tiles.map(([key, label, count, share, tone, hint]) => (
            <div key={key} className="rounded-md bg-slate-50 p-3">
              <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
              <dd className={`text-xl font-semibold tabular-nums ${tone}`} data-testid={`count-${key}`}>
                {count}
              </dd>
              {share !== null || hint ? (
                <dd className="text-xs text-slate-600 tabular-nums" data-testid={`rate-${key}`}>
                  {[rate(share), hint].filter(Boolean).join(" · ")}
                </dd>
              ) : null}
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
