import type { BlastEmailProps } from "@/emails";
import { greetingName } from "@/emails/components/template-props";
import { renderEmail, type RenderedEmail } from "./render-email";

/**
 * Renders a blast's email for one customer in microseconds instead of ~35 ms: the template is rendered
 * once per (template, content, agency) with stand-in tokens for what differs per customer — the first
 * name and the unsubscribe link — and each customer's copy is the cached skeleton with the tokens
 * replaced (HTML-escaped exactly as React escapes text). A 10,000-recipient blast renders once, not
 * 10,000 times; the output equals a direct render (tested).
 */
const NAME_TOKEN = "Xq7BlastFirstNameTokenX";
const URL_TOKEN = "https://unsubscribe.token.invalid/Xq7BlastUnsubscribeTokenX";
const MAX_CACHED = 50;
const cache = new Map<string, Promise<RenderedEmail>>();

export type PersonalFields = { firstName?: string | null; unsubscribeUrl: string };
export type SharedProps = Omit<BlastEmailProps, "firstName" | "unsubscribeUrl">;

// The same five characters React escapes in text and attributes.
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
const replaceAll = (s: string, token: string, value: string) => s.split(token).join(value);

function skeleton(templateKey: string, shared: SharedProps): Promise<RenderedEmail> {
  const key = JSON.stringify([templateKey, shared]);
  let entry = cache.get(key);
  if (!entry) {
    entry = renderEmail(templateKey, { ...shared, firstName: NAME_TOKEN, unsubscribeUrl: URL_TOKEN });
    entry.catch(() => cache.delete(key));
    cache.set(key, entry);
    if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
  }
  return entry;
}

export async function renderPersonalized(templateKey: string, shared: SharedProps, personal: PersonalFields): Promise<RenderedEmail> {
  const { html, text } = await skeleton(templateKey, shared);
  const name = greetingName(personal.firstName);
  return {
    html: replaceAll(replaceAll(html, NAME_TOKEN, escapeHtml(name)), URL_TOKEN, escapeHtml(personal.unsubscribeUrl)),
    text: replaceAll(replaceAll(text, NAME_TOKEN, name), URL_TOKEN, personal.unsubscribeUrl),
  };
}
