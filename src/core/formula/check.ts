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

export function checkSlope(value: ElementFn, slope: ElementFn, targets: readonly number[]): SlopeCheck {
  let checked = 0;
  for (const target of targets) {
    for (const pred of SAMPLE_PREDS) {
      const f0 = value(pred, target);
      const s = slope(pred, target);
      if (!Number.isFinite(f0) || !Number.isFinite(s)) continue;
      const h = 1e-5 * Math.max(1, Math.abs(pred));
      const up = value(pred + h, target);
      const down = value(pred - h, target);
      if (!Number.isFinite(up) || !Number.isFinite(down)) continue;
      const central = (up - down) / (2 * h);
      const forward = (up - f0) / h;
      const backward = (f0 - down) / h;
      if (Math.abs(forward - backward) > KINK * (1 + Math.abs(central))) continue;
      checked++;
      // Rounding in up - down, with a margin: a few ulps of each value, divided by the step.
      const rounding = (16 * EPS * (Math.abs(up) + Math.abs(down) + Math.abs(f0))) / (2 * h);
      if (Math.abs(s - central) > RTOL * (1 + Math.abs(central)) + rounding)
        return { checked, mismatch: { pred, target, slope: s, finiteDifference: central } };
    }
  }
  return { checked, mismatch: null };
}
