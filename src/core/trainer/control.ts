import { LossLabError } from '../errors';

/** Cancel, pause and a new learning rate for a running training loop, driven from outside (a worker message, Ctrl-C). */
export class RunControl {
  cancelled = false;
  private pendingLr: number | null = null;
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

  /** The loop applies `lr` before its next optimizer step (see schedules/override.ts for what it means with a schedule). */
  setLr(lr: number): void {
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= 0)
      throw new LossLabError(`the learning rate must be a positive number, got ${lr}`, { field: 'lr' });
    this.pendingLr = lr;
  }

  /** The rate asked for since the last call, if any. */
  takeLr(): number | null {
    const lr = this.pendingLr;
    this.pendingLr = null;
    return lr;
  }

  /** Resolves at once unless paused, else when resumed or cancelled. */
  async whilePaused(): Promise<void> {
    if (this.pausedPromise) await this.pausedPromise;
  }
}

/** How long a training loop may run before letting the event loop in (messages, cancel, progress). */
export const SLICE_MS = 20;

/** Lets the event loop run (messages, timers) between chunks of synchronous training work. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
