import fs from "node:fs";

/** The pids of every live process in a process group (the stack's services are each a group: npx → tsx → node). */
export function groupPids(pgid: number): string[] {
  return fs
    .readdirSync("/proc")
    .filter((p) => /^\d+$/.test(p))
    .filter((pid) => {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) === pgid;
      } catch {
        return false; // the process ended while we looked
      }
    });
}

/** Reads one /proc file of a process that may end at any moment. */
function readProc(pid: string, file: string): string {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return "";
  }
}

/** Peak resident memory (VmHWM) of the largest process in a process group, in MB. Linux only (/proc). */
export function peakRssMb(pgid: number | undefined): number | null {
  if (!pgid || !fs.existsSync("/proc")) return null;
  let peak = 0;
  for (const pid of groupPids(pgid)) {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readProc(pid, "status"));
    if (hwm) peak = Math.max(peak, Number(hwm[1]) / 1024);
  }
  return Math.round(peak);
}

/** CPU seconds (user + system) used so far by every live process of a process group. Linux only (/proc). */
export function cpuSeconds(pgid: number | undefined): number | null {
  if (!pgid || !fs.existsSync("/proc")) return null;
  const ticks = 100; // USER_HZ: 100 on every Linux we run on
  let total = 0;
  for (const pid of groupPids(pgid)) {
    const stat = readProc(pid, "stat");
    if (!stat) continue;
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    total += (Number(fields[11]) + Number(fields[12])) / ticks;
  }
  return Math.round(total * 10) / 10;
}
