/**
 * An expected failure with a message fit for the person who caused it ("Customer not found",
 * "Not enough credit"). Anything else thrown is unexpected: it is logged and the user sees a generic
 * message, never a stack trace.
 */
export type AppErrorCode = "NOT_FOUND" | "INVALID" | "FORBIDDEN" | "CONFLICT" | "LIMIT";

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found`);
