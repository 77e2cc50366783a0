export { handleResendWebhook, type WebhookResponse } from "./handle-resend-webhook";
export { recordResendEvent, resendEventSchema, type RecordOutcome, type ResendEvent } from "./record-resend-event";
