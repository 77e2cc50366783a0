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

/** Every live process below `root` (children, their children, …), found through /proc's parent pids. */
export function descendantPids(root: number): string[] {
  const children = new Map<number, string[]>();
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    const stat = readProc(pid, "stat");
    if (!stat) continue;
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    (children.get(ppid) ?? children.set(ppid, []).get(ppid)!).push(pid);
  }
  const out: string[] = [];
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      out.push(child);
      walk(Number(child));
    }
  };
  walk(root);
  return out;
}

/**
 * CPU seconds used so far by the processes below `root`, summed per role; `roleOf` names a process's role
 * from its command line (null: not counted). Taken twice, the difference is what each role used between.
 * A process that ended in between takes its seconds with it, so compare only over a stretch where the
 * stack's processes live throughout.
 */
export function cpuSecondsByRole(root: number | undefined, roleOf: (cmdline: string) => string | null): Record<string, number> {
  const out: Record<string, number> = {};
  if (!root || !fs.existsSync("/proc")) return out;
  for (const pid of descendantPids(root)) {
    const role = roleOf(readProc(pid, "cmdline").split("\0").join(" "));
    const stat = readProc(pid, "stat");
    if (!role || !stat) continue;
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    out[role] = (out[role] ?? 0) + (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ 100
  }
  return out;
}
