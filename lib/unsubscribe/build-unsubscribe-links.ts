import { listUnsubscribeHeaders } from "@/lib/mail/list-unsubscribe-headers";
import { createUnsubscribeToken, type UnsubscribeSubject } from "./unsubscribe-token";

export type UnsubscribeLinks = {
  /** In the email body: a page that asks for confirmation (a GET never unsubscribes — link scanners). */
  pageUrl: string;
  /** In List-Unsubscribe: the RFC 8058 one-click POST target. */
  oneClickUrl: string;
  /** List-Unsubscribe + List-Unsubscribe-Post, ready for OutgoingEmail.headers. */
  headers: Record<string, string>;
};

/** Everything an email needs to let its recipient leave this agency's list. */
export function buildUnsubscribeLinks(
  input: UnsubscribeSubject & { appUrl: string; secret: string; mailto?: string | null },
): UnsubscribeLinks {
  const token = createUnsubscribeToken(input.secret, input);
  const base = input.appUrl.replace(/\/$/, "");
  const oneClickUrl = `${base}/api/unsubscribe/${token}`;
  return { pageUrl: `${base}/unsubscribe/${token}`, oneClickUrl, headers: listUnsubscribeHeaders({ oneClickUrl, mailto: input.mailto }) };
}
