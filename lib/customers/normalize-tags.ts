/** Tags are short lower-case labels ("flood-zone"): the same tag typed twice differently is one tag. */
export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;

export function normalizeTag(tag: string): string {
  return tag.trim().toLowerCase().replace(/\s+/g, "-").slice(0, MAX_TAG_LENGTH);
}

/** From "auto, Home; flood zone" or ["auto","home"]: distinct, normalized, non-empty, at most MAX_TAGS. */
export function normalizeTags(input: string | string[] | null | undefined): string[] {
  const parts = Array.isArray(input) ? input : (input ?? "").split(/[,;|]/);
  const seen = new Set<string>();
  for (const part of parts) {
    const tag = normalizeTag(part);
    if (tag) seen.add(tag);
  }
  return [...seen].slice(0, MAX_TAGS);
}
