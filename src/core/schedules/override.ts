import type { Schedule } from './types';

/**
 * A schedule whose rate the user can change mid-run (the dashboard's live control). Setting rate v at
 * step t₀ makes v the rate of step t₀, and the schedule keeps its shape relative to it:
 *
 *     lr(t) = v · s(t) / s(t₀)     for t ≥ t₀,
 *
 * which is what a PyTorch user gets from `group['lr'] = v` under a chainable scheduler (StepLR,
 * ExponentialLR, ReduceLROnPlateau multiply the group's current rate), so a cosine decay goes on
 * decaying from the new value instead of jumping back to the configured curve. Where the schedule is at
 * zero (the first step of a warmup, the end of a decay to 0) it has no shape to keep relative to, and v
 * holds from then on. A later change replaces an earlier one. Metric observations pass through.
 */
export class LrOverride implements Schedule {
  private factor = 1;
  private held: number | null = null;
  private changed: { step: number; lr: number } | null = null;
  readonly observe?: (metric: number) => void;

  constructor(private readonly inner: Schedule) {
    if (inner.observe) this.observe = (metric) => inner.observe?.(metric);
  }

  lr(t: number): number {
    // The step of the change gets v exactly, not v·s(t₀)/s(t₀) with its rounding.
    if (this.changed && t === this.changed.step) return this.changed.lr;
    return this.held ?? this.factor * this.inner.lr(t);
  }

  /** From step `t` on, the rate is `lr` scaled by the schedule (see the class comment). */
  set(lr: number, t: number): void {
    const s = this.inner.lr(t);
    if (s > 0 && Number.isFinite(s)) {
      this.factor = lr / s;
      this.held = null;
    } else this.held = lr;
    this.changed = { step: t, lr };
  }
}
