/**
 * The synchronized cursor's lookup: hovering any chart picks a step, and every line of every chart shows
 * its point at that step. Lines are sampled differently (every step, every epoch, thinned history), so
 * "at that step" is the nearest recorded point, if it is no further than the gap to its neighbours (the
 * line's local spacing): a run that ended before the step, or has not reached it, shows nothing there.
 */

/** Index of the point nearest to step `s` in `steps` (sorted ascending), or -1 if none is close enough. */
export function pointAtStep(steps: readonly number[], s: number): number {
  const n = steps.length;
  if (n === 0 || !Number.isFinite(s)) return -1;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (steps[mid] < s) lo = mid + 1;
    else hi = mid;
  }
  const i = lo > 0 && Math.abs(steps[lo - 1] - s) <= Math.abs(steps[lo] - s) ? lo - 1 : lo;
  const gap = Math.max(i > 0 ? steps[i] - steps[i - 1] : 0, i < n - 1 ? steps[i + 1] - steps[i] : 0);
  // A lone point (one epoch so far) is shown only near its own step.
  return Math.abs(steps[i] - s) <= Math.max(gap, 0.5) ? i : -1;
}
