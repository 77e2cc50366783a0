import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { lowerPriority, startService, stopService } from "./processes";

const hasAutogroup = fs.existsSync("/proc/self/autogroup");

async function fileText(file: string): Promise<string> {
  for (let i = 0; i < 200 && !fs.existsSync(file); i++) await new Promise((r) => setTimeout(r, 25));
  return fs.readFileSync(file, "utf8");
}

it.skipIf(process.platform === "win32")(
  "a background service runs lowered, and so does all its session starts later (as npx starts node)",
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "blast-nice-"));
    const gate = path.join(dir, "go");
    const pidFile = path.join(dir, "child.pid");
    // Starts its child only once the test has lowered it: a process started afterwards, in the same session.
    const script = `
      const fs = require("fs");
      const wait = setInterval(() => {
        if (!fs.existsSync(${JSON.stringify(gate)})) return;
        clearInterval(wait);
        const c = require("child_process").spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
        fs.writeFileSync(${JSON.stringify(pidFile)}, String(c.pid));
      }, 20);
      setTimeout(() => {}, 60000);`;
    const service = startService("lowered", process.execPath, ["-e", script], process.env, true);
    try {
      lowerPriority(service, 10);
      expect(os.getPriority(service.child.pid)).toBe(10);
      fs.writeFileSync(gate, "");
      const childPid = Number(await fileText(pidFile));
      expect(os.getPriority(childPid)).toBe(10);
      // Across sessions the kernel weighs autogroups, not processes: the group must carry the lower priority.
      if (hasAutogroup) expect(fs.readFileSync(`/proc/${childPid}/autogroup`, "utf8")).toMatch(/nice 10\b/);
    } finally {
      await stopService(service, 2_000);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);
