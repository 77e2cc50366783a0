export { startExecutor, type Executor } from "./executor.js";
export type { ExecutorOptions } from "./config.js";
export type { IncomingEvent } from "./engine/events.js";
export { signBody, hashSigningKey, verifySignature } from "./signing.js";
