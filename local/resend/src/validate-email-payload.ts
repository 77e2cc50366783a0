import { randomUUID } from "node:crypto";
import { resendError } from "./http-util";
import type { ResendErrorBody, StoredEmail } from "./types";

// Loose on purpose (the provider accepts more than the RFC's common subset), strict enough to catch bugs.
const ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;
const NAMED = /^\s*(?:"[^"]*"|[^<>"]*)\s*<([^<>]+)>\s*$/;

function validAddress(value: string): boolean {
  const m = NAMED.exec(value);
  return ADDRESS.test((m ? m[1] : value).trim());
}

function asList(v: unknown): string[] | null | "invalid" {
  if (v === undefined || v === null) return null;
  if (typeof v === "string") return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v as string[];
  return "invalid";
}

const field = (name: string, what = "field") =>
  `Invalid \`${name}\` ${what}. The email address needs to follow the \`email@example.com\` or \`Name <email@example.com>\` format.`;

/** Checks one email of POST /emails (or one item of a batch) the way Resend does; answers Resend's 422s. */
export function validateEmailPayload(
  input: unknown,
): { ok: true; email: Omit<StoredEmail, "idempotency_key" | "batch"> } | { ok: false; error: ResendErrorBody } {
  const fail = (name: string, message: string) => ({ ok: false as const, error: resendError(422, name, message) });
  if (typeof input !== "object" || input === null || Array.isArray(input))
    return fail("validation_error", "Invalid body: expected a JSON object.");
  const b = input as Record<string, unknown>;
  if (b.from === undefined || b.from === "") return fail("missing_required_field", "Missing `from` field.");
  if (typeof b.from !== "string" || !validAddress(b.from)) return fail("validation_error", field("from"));
  const to = asList(b.to);
  if (to === null || (Array.isArray(to) && to.length === 0)) return fail("missing_required_field", "Missing `to` field.");
  if (to === "invalid" || !to.every(validAddress)) return fail("validation_error", field("to"));
  if (to.length > 50) return fail("validation_error", "Too many recipients in `to`: the maximum is 50.");
  const lists: Record<string, string[] | null> = {};
  for (const k of ["cc", "bcc", "reply_to"] as const) {
    const l = asList(b[k]);
    if (l === "invalid" || (l && !l.every(validAddress))) return fail("validation_error", field(k));
    lists[k] = l;
  }
  if (typeof b.subject !== "string" || b.subject === "") return fail("missing_required_field", "Missing `subject` field.");
  if (b.html !== undefined && typeof b.html !== "string") return fail("validation_error", "Invalid `html` field.");
  if (b.text !== undefined && typeof b.text !== "string") return fail("validation_error", "Invalid `text` field.");
  if (!b.html && !b.text) return fail("validation_error", "Missing `html` or `text` field.");
  let headers: Record<string, string> | null = null;
  if (b.headers !== undefined && b.headers !== null) {
    if (typeof b.headers !== "object" || Array.isArray(b.headers) || !Object.values(b.headers).every((v) => typeof v === "string")) {
      return fail("validation_error", "Invalid `headers` field: expected an object of strings.");
    }
    headers = b.headers as Record<string, string>;
  }
  const tags = Array.isArray(b.tags) ? (b.tags as { name: string; value: string }[]) : null;
  if (tags && !tags.every((t) => /^[A-Za-z0-9_-]{1,256}$/.test(String(t?.name)) && /^[A-Za-z0-9_-]{1,256}$/.test(String(t?.value)))) {
    return fail(
      "validation_error",
      "Invalid `tags` field: names and values may only contain ASCII letters, numbers, underscores or dashes.",
    );
  }
  const id = randomUUID();
  return {
    ok: true,
    email: {
      object: "email",
      id,
      created_at: new Date().toISOString(),
      from: b.from,
      to,
      cc: lists.cc,
      bcc: lists.bcc,
      reply_to: lists.reply_to,
      subject: b.subject,
      html: (b.html as string | undefined) ?? null,
      text: (b.text as string | undefined) ?? null,
      headers,
      tags,
      scheduled_at: typeof b.scheduled_at === "string" ? b.scheduled_at : null,
      last_event: "sent",
      message_id: `<${id}@resend-sink.local>`,
      events: [],
    },
  };
}
