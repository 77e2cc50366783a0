import fs from "node:fs";
import inspector from "node:inspector";
import path from "node:path";

/**
 * A CPU profile of this process, for `BLAST_CPU_PROFILE_DIR` (the bench and by hand): `node --cpu-prof`
 * is refused in NODE_OPTIONS and the worker runs under npx/tsx, so the profiler is started from inside.
 * Written as <dir>/worker-<pid>.cpuprofile when the process is asked to stop; open it in Chrome DevTools.
 */
export function startCpuProfile(dir: string): () => void {
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.start");
  let written = false;
  return () => {
    if (written) return;
    written = true;
    // The same-thread session answers synchronously, so this completes before process.exit.
    session.post("Profiler.stop", (err, result) => {
      if (err) return;
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `worker-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  };
}

/**
 * For a process that lives longer than what is measured (the app under `npm start`): each SIGUSR2 starts a
 * CPU profile, the next one writes it as <dir>/<name>-<pid>-<n>.cpuprofile. The dashboard bench brackets
 * its idle and its sending phase this way, so each profile holds only its phase.
 */
export function cpuProfileOnSignal(dir: string, name: string): void {
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable");
  let running = false;
  let n = 0;
  process.on("SIGUSR2", () => {
    if (!running) {
      running = true;
      session.post("Profiler.start");
      return;
    }
    running = false;
    session.post("Profiler.stop", (err, result) => {
      if (err) return;
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `${name}-${process.pid}-${++n}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
