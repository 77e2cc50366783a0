import fs from "node:fs";

/**
 * Peak resident memory (VmHWM) of every process in a process group, in MB — the services of the stack
 * are each a group (npx → tsx → node), and the one that matters is the largest. Linux only (/proc).
 */
export function peakRssMb(pgid: number | undefined): number | null {
  if (!pgid || !fs.existsSync("/proc")) return null;
  let peak = 0;
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
      if (hwm) peak = Math.max(peak, Number(hwm[1]) / 1024);
    } catch {
      /* the process ended while we looked */
    }
  }
  return Math.round(peak);
}
