// One process at a time may open a PGlite directory (two processes corrupt it silently). The engine
// holds `<parent>/.<basename>.lock` (a file with its pid) while the directory is open, and waits for a
// previous engine that is still closing. Other tools may honour the same file: it is free when it is
// missing or names a process that no longer exists.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { mkdirSync } from "node:fs";
import path from "node:path";

export function lockPathFor(dir) {
  return path.join(path.dirname(dir), `.${path.basename(dir)}.lock`);
}

function alive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

function holder(file) {
  try {
    return Number.parseInt(readFileSync(file, "utf8").trim(), 10);
  } catch {
    return NaN;
  }
}

/**
 * @param {string} dir the PGlite data directory
 * @param {{ timeoutMs?: number }} [opts]
 * @returns {Promise<{ file: string, release(): void }>}
 */
export async function acquireDirLock(dir, { timeoutMs = Number(process.env.BLAST_PGLITE_LOCK_TIMEOUT_MS) || 30_000 } = {}) {
  const file = lockPathFor(dir);
  mkdirSync(path.dirname(file), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = openSync(file, "wx");
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        if (holder(file) === process.pid) rmSync(file, { force: true });
      };
      process.on("exit", release);
      return { file, release };
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
    }
    const pid = holder(file);
    if (pid === process.pid) throw new Error(`PGlite directory ${dir} is already open in this process`);
    if (!alive(pid)) {
      // Stale (the holder died) or being written right now (pid not there yet): re-check once.
      await sleep(50);
      if (holder(file) === pid && !alive(pid)) rmSync(file, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `PGlite directory ${dir} is in use by process ${pid} (lock file ${file}). Stop that process first: only one process may open a PGlite directory.`,
      );
    }
    await sleep(100);
  }
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
