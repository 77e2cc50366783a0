/**
 * What every Blast template receives. Everything except the agency's name and the unsubscribe link is
 * optional so that a half-filled customer record still renders a decent email (fallbacks live in the
 * components, not in the pipeline).
 */
export type BlastEmailProps = {
  /** The customer's first name; empty or missing → "there". */
  firstName?: string | null;
  agencyName: string;
  /** The agent (or agency) the email is signed by. */
  senderName?: string | null;
  /** The agent's own words, plain text: blank lines separate paragraphs. Never interpreted as HTML. */
  customMessage?: string | null;
  /** Postal address of the agency (CAN-SPAM requires one in commercial email). */
  postalAddress?: string | null;
  /** Office phone, shown in the footer and used as the claims hotline by disaster-claims. */
  agencyPhone?: string | null;
  /** The signed per-customer link to the unsubscribe confirmation page. */
  unsubscribeUrl: string;
};

/** Shared preview values so `npm run email:dev` shows every template filled in. */
export const previewBase: BlastEmailProps = {
  firstName: "Maria",
  agencyName: "Harbor Mutual Insurance",
  senderName: "Dana Whitfield",
  postalAddress: "120 Main Street, Suite 4\nPortland, ME 04101",
  agencyPhone: "(207) 555-0142",
  unsubscribeUrl: "https://blast.example.com/unsubscribe/preview-token",
};

export function greetingName(firstName?: string | null): string {
  const name = (firstName ?? "").trim();
  return name === "" ? "there" : name;
}
