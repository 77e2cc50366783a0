"use client";

import { useState, useTransition } from "react";

type Result<T> = { ok: true; data: T } | { ok: false; error: string; fieldErrors?: Record<string, string[]> };

/**
 * Submits a form's named fields to a server action and keeps its errors: problems with fields are shown
 * beside them (the form-level line only points at them), a refused submit keeps what was typed (forms
 * are submitted with onSubmit, not action=, because React resets a form after an action), and an
 * unreachable server says so without pretending anything was saved.
 */
export function useActionForm<T>(action: (values: Record<string, string>) => Promise<Result<T>>, fields: string[], unreachable: string) {
  const [pending, startTransition] = useTransition();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState<string | null>(null);

  function submit(formEl: HTMLFormElement, onSuccess: (data: T, values: Record<string, string>) => void) {
    const form = new FormData(formEl);
    const values = Object.fromEntries(fields.map((k) => [k, String(form.get(k) ?? "")]));
    startTransition(async () => {
      try {
        const result = await action(values);
        if (!result.ok) {
          setErrors(result.fieldErrors ?? {});
          setFormError(Object.keys(result.fieldErrors ?? {}).length ? "Check the highlighted fields." : result.error);
          return;
        }
        setErrors({});
        setFormError(null);
        onSuccess(result.data, values);
      } catch {
        setFormError(unreachable);
      }
    });
  }

  return { pending, errors, formError, submit };
}
