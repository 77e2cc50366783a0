import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acquirePgliteLock, lockPathFor } from "@/lib/db-lock";

const dir = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "blast-lock-")), "pglite");

describe("the PGlite directory lock", () => {
  it("refuses a second owner while the first lives, and frees the directory on release", async () => {
    const d = dir();
    const release = await acquirePgliteLock(d);
    await expect(acquirePgliteLock(d)).rejects.toThrow("already open in this process");
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 10000)"]);
    fs.writeFileSync(lockPathFor(d), `${other.pid}\n`);
    await expect(acquirePgliteLock(d, 300)).rejects.toThrow(`in use by process ${other.pid}`);
    other.kill("SIGKILL");
    await new Promise((r) => other.on("exit", r));
    const again = await acquirePgliteLock(d, 2_000); // the holder died: stale lock taken over
    again();
    expect(fs.existsSync(lockPathFor(d))).toBe(false);
    release();
  });
});
