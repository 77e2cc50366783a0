import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireDirLock, lockPathFor } from "../src/lock.mjs";

const tmp: string[] = [];
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "blast-lock-"));
  tmp.push(d);
  return path.join(d, "pglite");
}
afterEach(() => {
  for (const d of tmp.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe("PGlite directory lock", () => {
  it("is a sibling file holding our pid, removed on release", async () => {
    const dir = tmpDir();
    const lock = await acquireDirLock(dir);
    expect(lock.file).toBe(lockPathFor(dir));
    expect(lock.file).toBe(path.join(path.dirname(dir), ".pglite.lock"));
    expect(fs.readFileSync(lock.file, "utf8").trim()).toBe(String(process.pid));
    lock.release();
    expect(fs.existsSync(lock.file)).toBe(false);
  });

  it("waits for a live holder, then gives up with a clear message", async () => {
    const dir = tmpDir();
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"], { stdio: "ignore" });
    try {
      fs.mkdirSync(path.dirname(dir), { recursive: true });
      fs.writeFileSync(lockPathFor(dir), `${child.pid}\n`);
      await expect(acquireDirLock(dir, { timeoutMs: 300 })).rejects.toThrow(new RegExp(`in use by process ${child.pid}`));
    } finally {
      child.kill();
    }
  });

  it("takes over a lock left by a process that is gone", async () => {
    const dir = tmpDir();
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    fs.writeFileSync(lockPathFor(dir), "999999999\n");
    const lock = await acquireDirLock(dir, { timeoutMs: 1000 });
    expect(fs.readFileSync(lock.file, "utf8").trim()).toBe(String(process.pid));
    lock.release();
  });
});
