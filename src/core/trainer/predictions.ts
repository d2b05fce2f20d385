/**
 * A regression run's predictions on its evaluation split (validation, or training without one), in the
 * target's original units, for the dashboard's predicted-vs-actual and residual views. Bounded: at most
 * MAX_POINTS rows, chosen evenly, go to the scatter; the residual histogram counts every row.
 */
import type { Dataset } from '../dataset';
import type { Mlp } from '../model/mlp';
import { type Histogram, histogram, histogramBins } from './histogram';

/** Enough for a scatter to show the shape; a file of ~400 KB. */
export const MAX_POINTS = 10_000;
/** Rows per forward pass, to bound memory on large splits. */
const CHUNK = 4096;

export interface RegressionPredictions {
  task: 'regression';
  split: 'validation' | 'training';
  target: string;
  /** Rows in the split. */
  rows: number;
  /** Original units, for the rows `sampleIndices(rows, MAX_POINTS)` picks, in split order. */
  actual: number[];
  predicted: number[];
  /** Of the residuals actual − predicted, over every row whose prediction is finite. */
  residuals: Histogram;
  /** Rows left out of the histogram because their prediction was not finite (a diverged run). */
  nonFinite: number;
}

/** `m` of `n` indices spread evenly (⌊i·n/m⌋), or all of them when n ≤ m. */
export function sampleIndices(n: number, m: number): number[] {
  if (n <= m) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: m }, (_, i) => Math.floor((i * n) / m));
}

/** The model's predictions on the evaluation split; null unless the task is regression. */
export function regressionPredictions(model: Mlp, data: Dataset): RegressionPredictions | null {
  if (data.task !== 'regression') return null;
  const rows = data.val.length ? data.val : data.train;
  const n = rows.length;
  const d = data.d;
  const k = model.outputSize;
  const unscale = (v: number) => (data.targetScaler ? v * data.targetScaler.std + data.targetScaler.mean : v);
  const predicted = new Float64Array(n);
  const x = new Float64Array(Math.min(n, CHUNK) * d);
  for (let from = 0; from < n; from += CHUNK) {
    const count = Math.min(CHUNK, n - from);
    for (let i = 0; i < count; i++) x.set(data.x.subarray(rows[from + i] * d, (rows[from + i] + 1) * d), i * d);
    const out = model.forward(x.subarray(0, count * d), count);
    for (let i = 0; i < count; i++) predicted[from + i] = unscale(out[i * k]);
  }
  const actual = Array.from(rows, (r) => unscale(data.y[r]));
  const residuals: number[] = [];
  for (let i = 0; i < n; i++) if (Number.isFinite(predicted[i])) residuals.push(actual[i] - predicted[i]);
  const picked = sampleIndices(n, MAX_POINTS);
  return {
    task: 'regression',
    split: data.val.length ? 'validation' : 'training',
    target: data.targetNames[0] ?? 'target',
    rows: n,
    actual: picked.map((i) => actual[i]),
    predicted: picked.map((i) => predicted[i]),
    residuals: histogram(residuals, histogramBins(residuals.length)),
    nonFinite: n - residuals.length,
  };
}
