import * as mailchecker from "mailchecker";
import type { VerificationResult } from "./verification-types";

// Mailboxes that reach a team or a machine rather than a person. Allowed (agencies do insure small
// businesses whose only address is info@…) but flagged, so the UI can show why engagement may be low.
const ROLE_LOCAL_PARTS = new Set([
  "abuse",
  "admin",
  "administrator",
  "billing",
  "contact",
  "help",
  "hostmaster",
  "info",
  "mail",
  "mailer-daemon",
  "marketing",
  "no-reply",
  "noc",
  "noreply",
  "office",
  "postmaster",
  "root",
  "sales",
  "security",
  "support",
  "webmaster",
]);

// Practical syntax: one @, a dot-atom local part (no quoted forms — no mailbox provider hands those out),
// and a domain of LDH labels with an alphabetic TLD.
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

export function isRoleAddress(normalized: string): boolean {
  const local = normalized.slice(0, normalized.lastIndexOf("@")).split("+")[0];
  return ROLE_LOCAL_PARTS.has(local);
}

export function checkSyntax(normalized: string): boolean {
  if (normalized.length > 254) return false;
  const at = normalized.lastIndexOf("@");
  if (at < 1 || normalized.indexOf("@") !== at) return false;
  const local = normalized.slice(0, at);
  const labels = normalized.slice(at + 1).split(".");
  if (local.length > 64 || !LOCAL.test(local) || labels.length < 2) return false;
  return labels.every((l) => LABEL.test(l)) && /^[a-z]{2,63}$|^xn--[a-z0-9-]+$/.test(labels[labels.length - 1]);
}

/** The checks that need no network: syntax, reserved domains, throwaway domains, role addresses. */
export function checkAddressLocally(normalized: string): VerificationResult {
  if (!checkSyntax(normalized)) return { verdict: "invalid", reason: "syntax", source: "local" };
  // RFC 2606: .invalid never resolves — handy for tests that need a deterministic bad address.
  if (normalized.endsWith(".invalid")) return { verdict: "invalid", reason: "reserved_domain", source: "local" };
  if (!mailchecker.isValid(normalized)) return { verdict: "invalid", reason: "disposable", source: "local" };
  if (isRoleAddress(normalized)) return { verdict: "valid", reason: "role_address", source: "local" };
  return { verdict: "valid", reason: "accepted", source: "local" };
}
