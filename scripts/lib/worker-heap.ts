/**
 * The worker's JS heap cap (WORKER_HEAP_MB, default 256). Its live data is small (≈ 100 MB at the end of
 * a 3,000-recipient blast), but on a machine with plenty of memory V8 lets garbage pile up: uncapped, a
 * worker's RSS reached 850 MB during a 10,000-recipient blast; capped at 160 MB it peaked at 390 MB,
 * just as fast. Passed through NODE_OPTIONS so the processes node:cluster forks inherit it.
 */
export function withWorkerHeap<E extends Record<string, string | undefined>>(env: E): E & { NODE_OPTIONS: string } {
  const mb = Number(env.WORKER_HEAP_MB) || 256;
  const options = (env.NODE_OPTIONS ?? "").replace(/--max-old-space-size=\d+/g, "").trim();
  return { ...env, NODE_OPTIONS: `${options} --max-old-space-size=${mb}`.trim() };
}
