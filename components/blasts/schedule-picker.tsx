"use client";

import { DayPicker } from "react-day-picker";
import "react-day-picker/style.css";
import { Input } from "@/components/ui/field";
import { formatInZone, todayInZone, zoneLabel, zonedToInstant } from "./zoned-time";

export type ScheduleValue = { date: string; time: string };

export type ResolvedSchedule = { ok: true; iso: string; label: string; shifted: boolean } | { ok: false; error: string };

/** The agent's date + time (agency zone) → the instant to send, or why it cannot be used. */
export function resolveSchedule(value: ScheduleValue, timeZone: string, now: Date = new Date()): ResolvedSchedule {
  if (!value.date) return { ok: false, error: "Pick a date in the calendar." };
  if (!value.time) return { ok: false, error: "Enter a time." };
  const zoned = zonedToInstant(value.date, value.time, timeZone);
  if (!zoned) return { ok: false, error: "Pick a valid date and time." };
  if (zoned.instant.getTime() <= now.getTime()) return { ok: false, error: "That time has passed. Pick a time in the future." };
  if (zoned.instant.getTime() - now.getTime() > 366 * 86_400_000) return { ok: false, error: "Schedule at most a year ahead." };
  return {
    ok: true,
    iso: zoned.instant.toISOString(),
    label: formatInZone(zoned.instant, timeZone, { weekday: true }),
    shifted: zoned.shifted,
  };
}

// DayPicker works with local Date objects; only their calendar fields are used, so the browser's own
// zone never leaks into the instant (that conversion is zonedToInstant's, in the agency's zone).
const toLocalDate = (ymd: string) => {
  const [y, m, d] = ymd.split("-").map(Number);
  return new Date(y, m - 1, d);
};
const toYmd = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

/**
 * A calendar (keyboard: arrows, Page Up/Down, Home/End, Enter) and a time field, both read in the
 * agency's time zone, which is shown; past days are disabled and the resulting send time is spelled out.
 */
export function SchedulePicker({
  id,
  value,
  onChange,
  timeZone,
  error,
}: {
  id: string;
  value: ScheduleValue;
  onChange: (v: ScheduleValue) => void;
  timeZone: string;
  error?: string | null;
}) {
  const today = toLocalDate(todayInZone(timeZone));
  const endMonth = new Date(today.getFullYear() + 1, today.getMonth(), 1);
  const resolved = value.date && value.time ? resolveSchedule(value, timeZone) : null;
  const message = error ?? (resolved && !resolved.ok ? resolved.error : null);
  return (
    <div className="flex flex-wrap gap-4" data-testid="schedule-picker">
      <fieldset>
        <legend id={`${id}-date-label`} className="text-sm font-medium text-slate-700">
          Date
        </legend>
        <div className="mt-1 rounded-md border border-slate-200 bg-white p-2">
          <DayPicker
            mode="single"
            required
            aria-labelledby={`${id}-date-label`}
            selected={value.date ? toLocalDate(value.date) : undefined}
            onSelect={(d: Date) => onChange({ ...value, date: toYmd(d) })}
            defaultMonth={value.date ? toLocalDate(value.date) : today}
            today={today}
            startMonth={today}
            endMonth={endMonth}
            disabled={{ before: today }}
            weekStartsOn={0}
          />
        </div>
      </fieldset>
      <div className="min-w-56 flex-1 space-y-3">
        <div>
          <label htmlFor={`${id}-time`} className="block text-sm font-medium text-slate-700">
            Time
          </label>
          <Input
            id={`${id}-time`}
            type="time"
            step={60}
            required
            value={value.time}
            onChange={(e) => onChange({ ...value, time: e.target.value })}
            aria-describedby={`${id}-zone ${id}-summary`}
            aria-invalid={message ? true : undefined}
            className="mt-1 max-w-40"
          />
          <p id={`${id}-zone`} className="mt-1 text-xs text-slate-600">
            Time zone: <span data-testid="schedule-zone">{zoneLabel(timeZone)}</span> (the agency&apos;s zone, set in Settings)
          </p>
        </div>
        <div id={`${id}-summary`} aria-live="polite" className="text-sm">
          {message ? (
            <p className="text-red-700" data-testid="schedule-error">
              {message}
            </p>
          ) : resolved?.ok ? (
            <>
              <p className="text-slate-800" data-testid="schedule-summary">
                Sends {resolved.label}
              </p>
              {resolved.shifted ? (
                <p className="mt-1 text-amber-800">
                  That time does not exist on that day (the clocks move forward), so it was moved an hour later.
                </p>
              ) : null}
            </>
          ) : (
            <p className="text-slate-500">{value.date ? "Enter a time." : "Pick a date in the calendar."}</p>
          )}
        </div>
      </div>
    </div>
  );
}
