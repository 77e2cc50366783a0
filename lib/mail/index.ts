export { createMailer, type Mailer } from "./create-mailer";
export { classifyResendError } from "./classify-resend-error";
export { formatFromAddress } from "./format-from-address";
export { listUnsubscribeHeaders } from "./list-unsubscribe-headers";
export { mailConfigFromEnv } from "./mail-config-from-env";
export { renderEmail, UnknownTemplateError, type RenderedEmail } from "./render-email";
export { BATCH_LIMIT, type BatchItemResult, type BatchOutcome, type MailConfig, type OutgoingEmail, type SendOutcome } from "./mail-types";
export { composeBlastEmail, type ComposeInput } from "./compose-blast-email";
export { verifySvixSignature } from "./verify-svix-signature";
