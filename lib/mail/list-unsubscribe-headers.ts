/**
 * RFC 2369 + RFC 8058 headers. Gmail and Yahoo require one-click unsubscribe for bulk senders: the mail
 * client POSTs `List-Unsubscribe=One-Click` to the https URL, which must unsubscribe without a page.
 * The mailto is a fallback for clients without one-click support (the agency reads those by hand).
 */
export function listUnsubscribeHeaders({ oneClickUrl, mailto }: { oneClickUrl: string; mailto?: string | null }): Record<string, string> {
  if (!/^https?:\/\//.test(oneClickUrl)) throw new Error("List-Unsubscribe needs an http(s) URL");
  const parts = [`<${oneClickUrl}>`];
  const address = mailto?.replace(/[\r\n<>\s]/g, "");
  if (address) parts.push(`<mailto:${address}?subject=unsubscribe>`);
  return { "List-Unsubscribe": parts.join(", "), "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}
