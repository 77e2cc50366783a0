import { Heap } from "./heap.js";

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

/**
 * One node timer for all of the executor's future work (sleeps, retries, wait timeouts, throttle
 * re-checks). Thousands of sleeping runs would otherwise mean thousands of live setTimeouts.
 * Callbacks must check on their own whether they are still wanted (cancellation is lazy).
 */
export class TimerQueue {
  private heap = new Heap<Timer>((a, b) => a.at < b.at || (a.at === b.at && a.seq < b.seq));
  private seq = 0;
  private handle: NodeJS.Timeout | undefined;
  private armedAt = Infinity;
  private closed = false;

  at(time: number, fn: () => void): void {
    if (this.closed) return;
    this.heap.push({ at: time, seq: this.seq++, fn });
    if (time < this.armedAt) this.arm();
  }

  get size(): number {
    return this.heap.size;
  }

  close(): void {
    this.closed = true;
    if (this.handle) clearTimeout(this.handle);
  }

  private arm(): void {
    if (this.handle) clearTimeout(this.handle);
    const head = this.heap.peek();
    if (!head || this.closed) {
      this.armedAt = Infinity;
      this.handle = undefined;
      return;
    }
    this.armedAt = head.at;
    // setTimeout overflows past ~24.8 days; re-arm in chunks.
    const delay = Math.min(Math.max(0, head.at - Date.now()), 2 ** 31 - 1);
    this.handle = setTimeout(() => this.fire(), delay);
  }

  private fire(): void {
    this.handle = undefined;
    this.armedAt = Infinity;
    const now = Date.now();
    while (this.heap.size && this.heap.peek()!.at <= now) {
      const t = this.heap.pop()!;
      try {
        t.fn();
      } catch (err) {
        console.error("[inngest-local] timer callback failed", err);
      }
    }
    this.arm();
  }
}
