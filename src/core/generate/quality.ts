/**
 * How close generated rows are to real (held-out) ones, column by column and jointly:
 *   - ks_mean: the mean over numeric columns of the two-sample Kolmogorov–Smirnov statistic
 *     sup |F_real − F_synth| (scipy.stats.ks_2samp's statistic);
 *   - tvd_mean: the mean over categorical columns of the total-variation distance ½ Σ |p − q| of the labels' frequencies;
 *   - corr_diff: the mean over pairs of numeric columns (every pair, i < j) of |r_real − r_synth|, r Pearson's
 *     correlation (0 for a constant column); absent with fewer than two numeric columns;
 *   - c2st_auc: a classifier two-sample test: a logistic regression (L2, C = 1, as scikit-learn's default)
 *     trained to tell real rows from as many synthetic ones on a random half of them, its ROC AUC on the
 *     other half. 0.5: indistinguishable; 1: told apart every time.
 * Every figure is 0 at best except c2st_auc (0.5), and lower is better.
 */
import type { Metrics } from '../trainer/events';
import type { Rng } from '../rng';
import { type ColumnSample, type GenerativeLayout, categoricalBlocks } from './layout';
import { fitLogistic, logisticScores } from './logistic';

export function ks2(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i], y[j]);
    while (i < x.length && x[i] === v) i++;
    while (j < y.length && y[j] === v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

export function tvd(a: Int32Array, b: Int32Array, levels: number): number {
  const p = new Float64Array(levels);
  for (const k of a) p[k] += 1 / a.length;
  for (const k of b) p[k] -= 1 / b.length;
  return 0.5 * p.reduce((s, v) => s + Math.abs(v), 0);
}

/** A column less its mean, and the sum of the squares of that: what Pearson's r needs of each column. */
interface Centered {
  c: Float64Array;
  ss: number;
}

function centered(a: Float64Array): Centered {
  const n = a.length;
  const mean = a.reduce((s, v) => s + v, 0) / n;
  const c = new Float64Array(n);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    c[i] = a[i] - mean;
    ss += c[i] ** 2;
  }
  return { c, ss };
}

function r(a: Centered, b: Centered): number {
  let sab = 0;
  for (let i = 0; i < a.c.length; i++) sab += a.c[i] * b.c[i];
  return a.ss > 0 && b.ss > 0 ? sab / Math.sqrt(a.ss * b.ss) : 0;
}

export function pearson(a: Float64Array, b: Float64Array): number {
  return r(centered(a), centered(b));
}

/** Pearson's r of columns i and j of `cols`, each column centered once for all of its pairs. */
export function correlations(cols: Float64Array[]): (i: number, j: number) => number {
  const c = cols.map(centered);
  return (i, j) => r(c[i], c[j]);
}

export function corrDiff(real: Float64Array[], synth: Float64Array[]): number | null {
  const [rReal, rSynth] = [correlations(real), correlations(synth)];
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < real.length; i++)
    for (let j = i + 1; j < real.length; j++, pairs++) sum += Math.abs(rReal(i, j) - rSynth(i, j));
  return pairs ? sum / pairs : null;
}

/** ROC AUC of `scores` for the 0/1 `labels`, ties counted half (the Mann–Whitney U; roc_auc_score's value). */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((p, q) => scores[p] - scores[q]);
  let rankSum = 0;
  let pos = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j < n && scores[idx[j]] === scores[idx[i]]) j++;
    const mid = (i + j + 1) / 2;
    for (let k = i; k < j; k++)
      if (labels[idx[k]] === 1) {
        rankSum += mid;
        pos++;
      }
    i = j;
  }
  const neg = n - pos;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Rows as the classifier sees them: numeric values (standardized) and each categorical column one-hot. */
export function featureRows(layout: GenerativeLayout, s: ColumnSample): Float64Array {
  const levels = categoricalBlocks(layout).map((b) => b.width);
  const d = s.numeric.length + levels.reduce((a, b) => a + b, 0);
  const x = new Float64Array(s.n * d);
  for (let i = 0; i < s.n; i++) {
    let at = i * d;
    for (const col of s.numeric) x[at++] = col[i];
    s.categorical.forEach((col, c) => {
      x[at + col[i]] = 1;
      at += levels[c];
    });
  }
  return x;
}

/** The classifier two-sample test on `real` and `synth` (m rows of each, m the smaller count), halves drawn by `rng`. */
export function c2stAuc(layout: GenerativeLayout, real: ColumnSample, synth: ColumnSample, rng: Rng): number {
  const m = Math.min(real.n, synth.n);
  const xr = featureRows(layout, real);
  const xs = featureRows(layout, synth);
  const d = xr.length / real.n;
  const x = new Float64Array(2 * m * d);
  x.set(xr.subarray(0, m * d));
  x.set(xs.subarray(0, m * d), m * d);
  const y = Float64Array.from({ length: 2 * m }, (_, i) => (i < m ? 1 : 0));
  const order = rng.shuffle(Int32Array.from({ length: 2 * m }, (_, i) => i));
  return c2stOnSplit(x, y, d, order.subarray(0, m), order.subarray(m));
}

/** Trains on the rows `fit`, scores the rows `test`: the AUC there. */
export function c2stOnSplit(x: Float64Array, y: Float64Array, d: number, fit: Int32Array, test: Int32Array): number {
  const pick = (rows: Int32Array) => {
    const out = new Float64Array(rows.length * d);
    rows.forEach((r, i) => out.set(x.subarray(r * d, (r + 1) * d), i * d));
    return { x: out, y: Float64Array.from(rows, (r) => y[r]) };
  };
  const a = pick(fit);
  const b = pick(test);
  const model = fitLogistic(a.x, a.y, d);
  const labels = Array.from(b.y);
  // A half with one class only has no AUC: the test then says nothing either way.
  if (labels.every((v) => v === labels[0])) return 0.5;
  return rocAuc(logisticScores(model, b.x, d), labels);
}

/** The quality figures of `synth` against `real` (see the top of this file). */
export function quality(layout: GenerativeLayout, real: ColumnSample, synth: ColumnSample, rng: Rng): Metrics {
  const out: Metrics = {};
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  if (real.numeric.length) out.ks_mean = mean(real.numeric.map((c, j) => ks2(c, synth.numeric[j])));
  const cats = categoricalBlocks(layout);
  if (cats.length) out.tvd_mean = mean(cats.map((b, j) => tvd(real.categorical[j], synth.categorical[j], b.width)));
  const corr = corrDiff(real.numeric, synth.numeric);
  if (corr !== null) out.corr_diff = corr;
  out.c2st_auc = c2stAuc(layout, real, synth, rng);
  return out;
}
