import fs from "node:fs";
import path from "node:path";

/**
 * One process at a time may open a PGlite directory: two corrupt it silently. While open, the owner
 * holds `<parent>/.<basename>.lock` containing its pid — the same protocol as the migration engine
 * (local/schema-engine), so `npm start` run twice, or a migration while the app runs, waits or fails
 * with a clear message instead of corrupting data. A lock whose process is gone is stale and taken over.
 */
export function lockPathFor(dir: string): string {
  return path.join(path.dirname(dir), `.${path.basename(dir)}.lock`);
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const holder = (file: string) => Number.parseInt(fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : "", 10);

export async function acquirePgliteLock(
  dir: string,
  timeoutMs = Number(process.env.BLAST_PGLITE_LOCK_TIMEOUT_MS) || 30_000,
): Promise<() => void> {
  const file = lockPathFor(dir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: "wx" });
      const release = () => {
        if (holder(file) === process.pid) fs.rmSync(file, { force: true });
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const pid = holder(file);
    if (pid === process.pid) throw new Error(`PGlite directory ${dir} is already open in this process`);
    if (!alive(pid)) {
      await new Promise((r) => setTimeout(r, 50));
      if (holder(file) === pid && !alive(pid)) fs.rmSync(file, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `The database in ${dir} is in use by process ${pid}. Only one Blast process may open an embedded (PGlite) database: stop the other one, or use PostgreSQL (DATABASE_URL).`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
