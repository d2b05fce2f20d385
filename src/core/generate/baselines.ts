/**
 * The baselines a generative model has to beat, sampled from the training rows and scored like it
 * (quality.ts):
 *   - independent marginals: each column's values drawn with replacement on their own, which keeps every
 *     column's distribution and loses every dependence between columns;
 *   - a Gaussian copula: each column's empirical marginal, tied together by the correlation of the normal
 *     scores Φ⁻¹(F(x)) (the construction of copulas' GaussianMultivariate, with empirical marginals where it
 *     fits a parametric family per column). A numeric column's F is its mid-rank / (n + 1), sampled back by the
 *     empirical quantile; a categorical column's labels, most frequent first, each cover an interval of F, the
 *     normal score is that of the interval's middle, and a sample takes the label whose interval holds Φ(z).
 */
import type { Rng } from '../rng';
import { normalCdf, normalQuantile } from './normal';
import type { ColumnSample } from './layout';
import { correlations } from './quality';

export function independentMarginals(train: ColumnSample, n: number, rng: Rng): ColumnSample {
  const m = train.n;
  return {
    n,
    numeric: train.numeric.map((c) => Float64Array.from({ length: n }, () => c[rng.int(m)])),
    categorical: train.categorical.map((c) => Int32Array.from({ length: n }, () => c[rng.int(m)])),
  };
}

/** A categorical column's labels by frequency (most frequent first) and each one's interval of F. */
function intervals(codes: Int32Array): { order: number[]; lo: Map<number, number>; hi: Map<number, number> } {
  const counts = new Map<number, number>();
  for (const k of codes) counts.set(k, (counts.get(k) ?? 0) + 1);
  const order = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || a - b);
  const lo = new Map<number, number>();
  const hi = new Map<number, number>();
  let at = 0;
  for (const k of order) {
    lo.set(k, at);
    at += counts.get(k)! / codes.length;
    hi.set(k, at);
  }
  return { order, lo, hi };
}

/** Mid-ranks of `v` (ties share their average rank), 1-based. */
function midRanks(v: Float64Array): Float64Array {
  // A value's tie group spans [first index not below it, first index above it) of the sorted values.
  const sorted = Float64Array.from(v).sort();
  const r = new Float64Array(v.length);
  for (let k = 0; k < v.length; k++) r[k] = (firstAbove(sorted, v[k], false) + firstAbove(sorted, v[k], true) + 1) / 2;
  return r;
}

/** The first index of ascending `sorted` whose value is above `x` (or, without `strictly`, not below it). */
function firstAbove(sorted: Float64Array, x: number, strictly: boolean): number {
  let [lo, hi] = [0, sorted.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (strictly ? sorted[mid] <= x : sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function gaussianCopula(train: ColumnSample, n: number, rng: Rng): ColumnSample {
  const m = train.n;
  const cats = train.categorical.map(intervals);
  const scores = [
    ...train.numeric.map((c) => Float64Array.from(midRanks(c), (r) => normalQuantile(r / (m + 1)))),
    ...train.categorical.map((c, j) =>
      Float64Array.from(c, (k) => normalQuantile((cats[j].lo.get(k)! + cats[j].hi.get(k)!) / 2)),
    ),
  ];
  const p = scores.length;
  const corr = new Float64Array(p * p);
  const r = correlations(scores);
  for (let i = 0; i < p; i++) for (let j = 0; j <= i; j++) corr[i * p + j] = corr[j * p + i] = i === j ? 1 : r(i, j);
  const l = cholesky(corr, p);
  const sorted = train.numeric.map((c) => Float64Array.from(c).sort());
  const out: ColumnSample = {
    n,
    numeric: train.numeric.map(() => new Float64Array(n)),
    categorical: train.categorical.map(() => new Int32Array(n)),
  };
  const e = new Float64Array(p);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < p; i++) e[i] = rng.normal();
    for (let i = 0; i < p; i++) {
      let z = 0;
      for (let k = 0; k <= i; k++) z += l[i * p + k] * e[k];
      const u = normalCdf(z);
      if (i < sorted.length) out.numeric[i][r] = sorted[i][Math.min(m - 1, Math.floor(u * m))];
      else {
        const c = cats[i - sorted.length];
        out.categorical[i - sorted.length][r] = c.order.find((k) => u < c.hi.get(k)!) ?? c.order[c.order.length - 1];
      }
    }
  }
  return out;
}

/** Lower Cholesky factor of the correlation matrix; a tiny ridge keeps perfectly correlated columns factorable. */
function cholesky(a: Float64Array, p: number): Float64Array {
  const l = new Float64Array(p * p);
  for (let i = 0; i < p; i++)
    for (let j = 0; j <= i; j++) {
      let s = a[i * p + j] + (i === j ? 1e-9 : 0);
      for (let k = 0; k < j; k++) s -= l[i * p + k] * l[j * p + k];
      l[i * p + j] = i === j ? Math.sqrt(Math.max(s, 0)) : l[j * p + j] > 0 ? s / l[j * p + j] : 0;
    }
  return l;
}
