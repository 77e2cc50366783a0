"use client";

import { useEffect, useSyncExternalStore } from "react";

/**
 * Flash messages: every action says how it went. A tiny module-level store, so a message raised just
 * before a client-side navigation survives it and shows on the next page's <FlashRegion/>.
 */
export type FlashKind = "success" | "error";
type FlashMessage = { id: number; kind: FlashKind; text: string };

let messages: FlashMessage[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export function flash(kind: FlashKind, text: string): void {
  // The same text twice in a row (a double submit) shows once.
  messages = [...messages.filter((m) => m.text !== text), { id: nextId++, kind, text }].slice(-4);
  emit();
}

export function dismissFlash(id: number): void {
  messages = messages.filter((m) => m.id !== id);
  emit();
}

/** Shows an ActionResult as a flash: its message (or the fallback) on success, its error otherwise. */
export function flashResult(result: { ok: true; message?: string } | { ok: false; error: string }, success: string): boolean {
  if (result.ok) flash("success", result.message ?? success);
  else flash("error", result.error);
  return result.ok;
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
const snapshot = () => messages;
const serverSnapshot = (): FlashMessage[] => [];

export function FlashRegion() {
  const list = useSyncExternalStore(subscribe, snapshot, serverSnapshot);
  return (
    <div
      className="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex flex-col items-center gap-2 px-4 sm:items-end"
      aria-live="polite"
    >
      {list.map((m) => (
        <FlashItem key={m.id} message={m} />
      ))}
    </div>
  );
}

function FlashItem({ message }: { message: FlashMessage }) {
  useEffect(() => {
    // Successes fade on their own; errors stay until read and dismissed.
    if (message.kind !== "success") return;
    const timer = setTimeout(() => dismissFlash(message.id), 8000);
    return () => clearTimeout(timer);
  }, [message]);
  const tone = message.kind === "success" ? "border-green-300 bg-green-50 text-green-900" : "border-red-300 bg-red-50 text-red-900";
  return (
    <div
      role={message.kind === "error" ? "alert" : "status"}
      data-testid="flash"
      data-kind={message.kind}
      className={`pointer-events-auto flex max-w-md items-start gap-3 rounded-md border px-4 py-3 text-sm shadow-lg ${tone}`}
    >
      <p className="flex-1">{message.text}</p>
      <button
        type="button"
        onClick={() => dismissFlash(message.id)}
        className="rounded px-1 text-current opacity-70 hover:opacity-100"
        aria-label="Dismiss message"
      >
        ×
      </button>
    </div>
  );
}

/** Inline message for a form (beside the submit button), for errors that belong to the form. */
export function FormMessage({ error }: { error?: string | null }) {
  if (!error) return null;
  return (
    <p role="alert" data-testid="form-error" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
      {error}
    </p>
  );
}
