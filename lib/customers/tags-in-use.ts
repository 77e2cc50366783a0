import type { Db } from "@/lib/db";
import { listCustomerTags } from "@/lib/customers/list-customers";

/**
 * The tags in use in an agency, for the customers filter and the composer, remembered for a minute per
 * process. Finding them reads every customer's tag array (40 ms at 100,000 customers on PostgreSQL), and
 * both pages are opened again and again while the set of tags rarely changes. This process's own writes
 * (saving a customer, an import) forget the agency's entry at once; another process's show within TTL_MS.
 */
export const TAGS_TTL_MS = 60_000;
const MAX_AGENCIES = 1_000;
const remembered = new Map<string, { at: number; tags: Promise<string[]> }>();

export function tagsInUse(db: Db, accountId: string, now = Date.now()): Promise<string[]> {
  const hit = remembered.get(accountId);
  if (hit && now - hit.at < TAGS_TTL_MS) return hit.tags;
  const tags = listCustomerTags(db, accountId);
  // A failed read is not remembered: the next view asks the database again.
  tags.catch(() => remembered.get(accountId)?.tags === tags && remembered.delete(accountId));
  remembered.delete(accountId); // re-inserted last: the Map's order is oldest first
  remembered.set(accountId, { at: now, tags });
  if (remembered.size > MAX_AGENCIES) remembered.delete(remembered.keys().next().value!);
  return tags;
}

/** After a write that may add or remove a tag: the next view reads the agency's tags afresh. */
export function forgetTagsInUse(accountId: string): void {
  remembered.delete(accountId);
}
