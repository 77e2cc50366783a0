// Debug log for the engine: BLAST_SCHEMA_ENGINE_LOG=<file> appends one line per event (stdout belongs to
// the JSON-RPC conversation and stderr is parsed by the CLI, so neither can carry free text).
import { appendFileSync } from "node:fs";

const LOG_FILE = process.env.BLAST_SCHEMA_ENGINE_LOG;

export function debugLog(...parts) {
  if (!LOG_FILE) return;
  const line = parts.map((p) => (typeof p === "string" ? p : JSON.stringify(p))).join(" ");
  try {
    appendFileSync(LOG_FILE, `${new Date().toISOString()} [${process.pid}] ${line}\n`);
  } catch {}
}
