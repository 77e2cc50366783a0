/**
 * Next.js runs `register` once when the server starts. Blast uses it only for measurement: with
 * `BLAST_CPU_PROFILE_DIR` set, SIGUSR2 brackets a CPU profile of the app's process (see
 * scripts/lib/cpu-profile.ts; `npm run bench:dashboard` profiles its idle and its sending phase so).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || !process.env.BLAST_CPU_PROFILE_DIR) return;
  const { cpuProfileOnSignal } = await import("./scripts/lib/cpu-profile");
  cpuProfileOnSignal(process.env.BLAST_CPU_PROFILE_DIR, "app");
}
