/**
 * Standardization fitted on the training rows, as scikit-learn's StandardScaler: population standard
 * deviation, and a feature that is constant on those rows is only centred (std 1).
 */

export interface Standardizer {
  mean: number[];
  std: number[];
}

/**
 * scikit-learn's `_is_constant_feature`: a variance within the rounding error of its own computation
 * (an all-equal column whose mean is not exactly representable) counts as zero.
 */
function isConstant(variance: number, mean: number, n: number): boolean {
  const eps = Number.EPSILON;
  return variance <= n * eps * variance + (n * mean * eps) ** 2;
}

/** Mean and std of each column of the row-major `n × d` matrix `x` over the rows `fit`. */
export function fitStandardizer(x: Float64Array, d: number, fit: Int32Array): Standardizer {
  const m = fit.length;
  if (d === 1) return oneColumn(x, fit);
  // Row by row, every column at once: the matrix is read in order (a pass per column would stride through
  // all of it d times). Each column still adds its values in the order of `fit`.
  const sum = new Float64Array(d);
  for (let t = 0; t < m; t++) for (let j = 0, o = fit[t] * d; j < d; j++) sum[j] += x[o + j];
  const mean = Array.from(sum, (s) => (m ? s / m : 0));
  // Two passes: the one-pass formula loses digits when the mean is large relative to the spread.
  const ss = new Float64Array(d);
  for (let t = 0; t < m; t++)
    for (let j = 0, o = fit[t] * d; j < d; j++) {
      const e = x[o + j] - mean[j];
      ss[j] += e * e;
    }
  return { mean, std: mean.map((mu, j) => stdOf(ss[j], mu, m)) };
}

/** `fitStandardizer` of a single column: the same sums in the same order, without the loop over columns. */
function oneColumn(x: Float64Array, fit: Int32Array): Standardizer {
  const m = fit.length;
  let sum = 0;
  for (let t = 0; t < m; t++) sum += x[fit[t]];
  const mean = m ? sum / m : 0;
  let ss = 0;
  for (let t = 0; t < m; t++) {
    const e = x[fit[t]] - mean;
    ss += e * e;
  }
  return { mean: [mean], std: [stdOf(ss, mean, m)] };
}

/** The std from the sum of squared deviations `ss` of `m` values around `mean`; 1 for a constant column. */
function stdOf(ss: number, mean: number, m: number): number {
  const variance = m ? ss / m : 0;
  // An overflowed variance stays infinite (not "constant") so that range.ts can report the column.
  return Number.isFinite(variance) && isConstant(variance, mean, m) ? 1 : Math.sqrt(variance);
}

/** `x ← (x − mean) / std`, column by column, in place. */
export function standardize(x: Float64Array, d: number, s: Standardizer): void {
  for (let k = 0; k < x.length; k++) {
    const j = k % d;
    x[k] = (x[k] - s.mean[j]) / s.std[j];
  }
}
