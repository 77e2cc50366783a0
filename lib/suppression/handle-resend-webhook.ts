import type { PrismaClient } from "@/lib/generated/prisma/client";
import { verifySvixSignature } from "@/lib/mail/verify-svix-signature";
import { recordResendEvent, resendEventSchema } from "./record-resend-event";

export type WebhookResponse = { status: number; body: Record<string, unknown> };

/**
 * Everything behind POST /api/webhooks/resend: the route only hands over the raw body (the signature is
 * over the exact bytes, so it must not be re-serialized) and the headers.
 */
export async function handleResendWebhook({
  db,
  secret,
  rawBody,
  headers,
  now = new Date(),
}: {
  db: Pick<PrismaClient, "delivery" | "suppression" | "activity" | "customer" | "$queryRaw">;
  secret: string | undefined;
  rawBody: string;
  headers: Headers;
  now?: Date;
}): Promise<WebhookResponse> {
  // Without a secret nothing can be verified, and unverified events could suppress any address.
  if (!secret) return { status: 503, body: { error: "webhook secret not configured" } };
  const check = verifySvixSignature({
    secret,
    id: headers.get("svix-id"),
    timestamp: headers.get("svix-timestamp"),
    signature: headers.get("svix-signature"),
    body: rawBody,
    now: now.getTime(),
  });
  if (!check.ok) return { status: check.status, body: { error: check.reason } };

  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return { status: 400, body: { error: "body is not JSON" } };
  }
  const parsed = resendEventSchema.safeParse(json);
  if (!parsed.success) return { status: 400, body: { error: "not a Resend event" } };

  const outcome = await recordResendEvent({ db, event: parsed.data, now });
  // Non-2xx makes Resend (Svix) deliver the event again later, by which time the Delivery is linked.
  if (outcome.result === "retry_later") return { status: 409, body: { error: "delivery not recorded yet; retry later" } };
  return { status: 200, body: outcome };
}
