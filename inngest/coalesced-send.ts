type Send<E> = (events: E[]) => Promise<unknown>;

/**
 * Sends events the way a busy worker should: the events handed in within `windowMs` of each other leave
 * in one request (Inngest takes up to 5,000 events a request), and each caller's promise settles when the
 * request that carried its event has — so a run that awaits it still returns only once its event is
 * accepted, and a failed request fails every run whose event it carried (the engine retries them).
 * Per recipient this saves a whole HTTP request to the engine; it costs a run at most `windowMs`.
 */
export function coalescedSend<E>(send: Send<E>, opts: { windowMs: number; maxEvents: number }): (event: E) => Promise<void> {
  let pending: { event: E; resolve: () => void; reject: (error: unknown) => void }[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const taken = pending;
    pending = [];
    send(taken.map((p) => p.event)).then(
      () => taken.forEach((p) => p.resolve()),
      (error) => taken.forEach((p) => p.reject(error)),
    );
  };

  return (event) =>
    new Promise<void>((resolve, reject) => {
      pending.push({ event, resolve, reject });
      if (pending.length >= opts.maxEvents) flush();
      else timer ??= setTimeout(flush, opts.windowMs);
    });
}
