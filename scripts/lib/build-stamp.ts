import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * `npm start` builds only when the sources changed since the last build: a hash of the path, size and
 * mtime of every file the build reads, stored beside the build.
 */
const ROOTS = [
  "app",
  "lib",
  "components",
  "emails",
  "inngest",
  "auth.ts",
  "auth.config.ts",
  "proxy.ts",
  "next.config.js",
  "package.json",
  "postcss.config.mjs",
  "tsconfig.json",
];
const distDir = () => process.env.NEXT_DIST_DIR || ".next";
const stampFile = () => path.join(distDir(), "blast-build-stamp");

function walk(entry: string, out: string[]): void {
  if (!fs.existsSync(entry)) return;
  const stat = fs.statSync(entry);
  if (stat.isDirectory()) {
    if (entry.endsWith("generated") || entry.includes("node_modules")) return;
    for (const name of fs.readdirSync(entry).sort()) walk(path.join(entry, name), out);
  } else out.push(`${entry}:${stat.size}:${stat.mtimeMs}`);
}

export function sourceStamp(): string {
  const parts: string[] = [];
  for (const root of ROOTS) walk(root, parts);
  return createHash("sha256").update(parts.join("\n")).digest("hex");
}

export function buildIsCurrent(): boolean {
  const stamp = stampFile();
  return fs.existsSync(path.join(distDir(), "BUILD_ID")) && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === sourceStamp();
}

export function writeBuildStamp(stamp: string): void {
  fs.writeFileSync(stampFile(), stamp);
}
