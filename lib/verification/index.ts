export { checkAddressLocally, checkSyntax, isRoleAddress } from "./check-address-locally";
export { verificationConfigFromEnv, verifyAddress } from "./verify-address";
export { verifyWithKickbox } from "./verify-with-kickbox";
export type { Verdict, VerificationConfig, VerificationResult } from "./verification-types";
