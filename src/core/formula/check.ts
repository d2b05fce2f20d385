/**
 * The guard on our differentiator: when a formula is loaded, its symbolic slope is compared with central
 * finite differences of its value at fixed sample points. Points where the value is not finite, or where
 * the two one-sided differences disagree (a kink or a jump within the step), say nothing and are skipped.
 */
import type { Task } from '../tasks';
import type { ElementFn } from './types';

/** Predictions across [-3, 3], off the integers and half-integers where formulas like to put kinks. */
export const SAMPLE_PREDS: readonly number[] = Array.from({ length: 24 }, (_, i) => -3 + (6 * (i + 0.3183)) / 24);

/** Targets as the task gives them: standardized values for regression, 0/1 for binary. */
export function sampleTargets(task?: Task): readonly number[] {
  const regression = [-1.5, -0.2, 0, 0.7, 2];
  const binary = [0, 1];
  if (task === 'regression') return regression;
  if (task === 'binary') return binary;
  return [...regression, ...binary];
}

export interface SlopeMismatch {
  pred: number;
  target: number;
  slope: number;
  finiteDifference: number;
}

export interface SlopeCheck {
  /** Sample points where the slope could be compared. */
  checked: number;
  mismatch: SlopeMismatch | null;
}

const EPS = Number.EPSILON;
/** One-sided slopes further apart than this (relative) mark a kink inside the step. */
const KINK = 1e-3;
/** Allowed error of the central difference beyond its rounding error (its truncation error is ~h² f'''). */
const RTOL = 1e-6;

/** Central difference at step h with its rounding error (a few ulps of each value, divided by the step), or null. */
function centralDifference(
  value: ElementFn,
  pred: number,
  target: number,
  h: number,
): { slope: number; rounding: number; kink: boolean } | null {
  const f0 = value(pred, target);
  const up = value(pred + h, target);
  const down = value(pred - h, target);
  if (!Number.isFinite(f0) || !Number.isFinite(up) || !Number.isFinite(down)) return null;
  const slope = (up - down) / (2 * h);
  // Values near the largest double: their difference overflows, and says nothing about the slope.
  if (!Number.isFinite(slope)) return null;
  const forward = (up - f0) / h;
  const backward = (f0 - down) / h;
  const rounding = (16 * EPS * (Math.abs(up) + Math.abs(down) + Math.abs(f0))) / (2 * h);
  return { slope, rounding, kink: Math.abs(forward - backward) > KINK * (1 + Math.abs(slope)) };
}

/**
 * At each sample point the slope is compared with central differences at three steps (h, h/2, h/4). How
 * much those disagree with each other measures what finite differences cannot resolve there (truncation,
 * rounding inside the formula, oscillation faster than the step); a slope counts as wrong only when it is
 * off by clearly more than that, at two points: a wrong derivative is off everywhere.
 */
export function checkSlope(value: ElementFn, slope: ElementFn, targets: readonly number[]): SlopeCheck {
  let checked = 0;
  let first: SlopeMismatch | null = null;
  for (const target of targets) {
    for (const pred of SAMPLE_PREDS) {
      const s = slope(pred, target);
      if (!Number.isFinite(s)) continue;
      // A power of two: pred ± h is exact, and so is the rounding of pred + c for a large constant c,
      // which then cancels in the difference instead of adding noise.
      const h = 2 ** Math.round(Math.log2(1e-5 * Math.max(1, Math.abs(pred))));
      const diffs = [h, h / 2, h / 4].map((step) => centralDifference(value, pred, target, step));
      if (diffs.some((d) => !d || d.kink)) continue;
      const [coarse, middle, fine] = diffs as { slope: number; rounding: number }[];
      // A value that does not move at any step while the slope says it should (pred lost next to a huge
      // constant, as in cos(pred - 9e15)) cannot show its slope in floating point.
      if (s !== 0 && coarse.slope === 0 && middle.slope === 0 && fine.slope === 0) continue;
      checked++;
      const spread =
        Math.max(coarse.slope, middle.slope, fine.slope) - Math.min(coarse.slope, middle.slope, fine.slope);
      const noise = spread + coarse.rounding + middle.rounding + fine.rounding;
      if (Math.abs(s - fine.slope) <= RTOL * (1 + Math.abs(fine.slope)) + 4 * noise) continue;
      if (first) return { checked, mismatch: first };
      first = { pred, target, slope: s, finiteDifference: fine.slope };
    }
  }
  return { checked, mismatch: null };
}
