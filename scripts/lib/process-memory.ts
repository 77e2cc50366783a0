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

/** CPU seconds (user + system) used so far by every live process of a process group. Linux only (/proc). */
export function cpuSeconds(pgid: number | undefined): number | null {
  if (!pgid || !fs.existsSync("/proc")) return null;
  const ticks = 100; // USER_HZ: 100 on every Linux we run on
  let total = 0;
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      total += (Number(fields[11]) + Number(fields[12])) / ticks;
    } catch {
      /* the process ended while we looked */
    }
  }
  return Math.round(total * 10) / 10;
}
