// mailchecker ships no types; only what Blast uses.
declare module "mailchecker" {
  /** false for malformed addresses and for throwaway (disposable) domains. */
  export function isValid(email: string): boolean;
  export function blacklist(): Set<string> | string[];
}
