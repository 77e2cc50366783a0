import { createHmac, randomBytes } from "node:crypto";

/**
 * Svix's signature scheme, which Resend's webhooks use: HMAC-SHA256 over `${id}.${timestamp}.${body}`
 * keyed with the base64 bytes after `whsec_`, sent as `v1,<base64>` in svix-signature.
 */
export function signSvix(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith("whsec_") ? secret.slice(6) : secret, "base64");
  return "v1," + createHmac("sha256", key).update(`${id}.${timestampSeconds}.${body}`).digest("base64");
}

export function svixHeaders(secret: string | undefined, id: string, body: string, now = Date.now()): Record<string, string> {
  const ts = Math.floor(now / 1000);
  const headers: Record<string, string> = { "svix-id": id, "svix-timestamp": String(ts) };
  if (secret) headers["svix-signature"] = signSvix(secret, id, ts, body);
  return headers;
}

export function newMessageId(): string {
  return "msg_" + randomBytes(16).toString("base64url");
}
