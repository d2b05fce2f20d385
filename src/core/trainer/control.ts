/** Cancel and pause for a running training loop, driven from outside (a worker message, Ctrl-C). */
export class RunControl {
  cancelled = false;
  private pausedPromise: Promise<void> | null = null;
  private resumeFn: (() => void) | null = null;

  get paused(): boolean {
    return this.pausedPromise !== null;
  }

  cancel(): void {
    this.cancelled = true;
    this.resume();
  }

  pause(): void {
    if (!this.pausedPromise) this.pausedPromise = new Promise((r) => (this.resumeFn = r));
  }

  resume(): void {
    this.resumeFn?.();
    this.pausedPromise = null;
    this.resumeFn = null;
  }

  /** Resolves at once unless paused, else when resumed or cancelled. */
  async whilePaused(): Promise<void> {
    if (this.pausedPromise) await this.pausedPromise;
  }
}

/** Lets the event loop run (messages, timers) between chunks of synchronous training work. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
