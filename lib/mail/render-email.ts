import { render } from "@react-email/render";
import { createElement } from "react";
import { emailTemplates, isTemplateKey, type BlastEmailProps } from "@/emails";

export type RenderedEmail = { html: string; text: string };

export class UnknownTemplateError extends Error {
  constructor(readonly templateKey: string) {
    super(`Unknown email template "${templateKey}"`);
    this.name = "UnknownTemplateError";
  }
}

/**
 * Renders a template to the two bodies every email carries. Deterministic for the same input (no dates,
 * no random ids), which matters: a retried send must present the provider the same payload under the
 * same Idempotency-Key, or the provider refuses it as a different request.
 */
export async function renderEmail(templateKey: string, props: BlastEmailProps): Promise<RenderedEmail> {
  if (!isTemplateKey(templateKey)) throw new UnknownTemplateError(templateKey);
  const element = createElement(emailTemplates[templateKey].component, props);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { html, text };
}
