import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * Every entry point a browser (or anyone) can call: the exports of server action modules (files named
 * actions.ts, *-action.ts, *-actions.ts under app/) and the HTTP methods of route handlers (route.ts).
 * Keys look like `app/(dashboard)/blasts/actions.ts#cancelBlastAction` and `app/api/health/route.ts#GET`.
 */
export const ROOT = path.resolve(import.meta.dirname, "../..");
const ACTION_FILE = /^(actions|.+-actions?)\.ts$/;
const HTTP_METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : walk(full);
    return [full];
  });
}

export type EntryFile = { file: string; kind: "actions" | "route" | "helper"; source: string };

/** Files named like action modules but without "use server" are helpers (tenant-action.ts), not endpoints. */
export function entryFiles(): EntryFile[] {
  return walk(path.join(ROOT, "app"))
    .map((full) => ({ full, rel: path.relative(ROOT, full).split(path.sep).join("/"), base: path.basename(full) }))
    .filter(({ base }) => base === "route.ts" || ACTION_FILE.test(base))
    .map(({ full, rel, base }) => {
      const source = readFileSync(full, "utf8");
      const kind = base === "route.ts" ? "route" : /^\s*["']use server["']/.test(source) ? "actions" : "helper";
      return { file: rel, kind, source } as EntryFile;
    })
    .sort((a, b) => a.file.localeCompare(b.file));
}

/** The callable exports of one entry file, read from the loaded module. */
export function entryKeys(file: EntryFile, mod: Record<string, unknown>): string[] {
  return Object.keys(mod)
    .filter((name) => typeof mod[name] === "function")
    .filter((name) => file.kind !== "route" || HTTP_METHODS.has(name))
    .map((name) => `${file.file}#${name}`);
}
