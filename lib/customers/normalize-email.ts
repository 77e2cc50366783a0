/** The key two addresses are "the same person" by: trimmed and lower-cased (what every mailbox provider honours). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
