export { buildUnsubscribeLinks, type UnsubscribeLinks } from "./build-unsubscribe-links";
export { maskEmail } from "./mask-email";
export { getUnsubscribeView, unsubscribeCustomer, type UnsubscribeResult, type UnsubscribeView } from "./unsubscribe-customer";
export { createUnsubscribeToken, verifyUnsubscribeToken, type UnsubscribeSubject } from "./unsubscribe-token";
