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
  // Row by row, every column at once: the matrix is read in order (a pass per column would stride through
  // all of it d times). Each column still adds its values in the order of `fit`.
  const sum = new Float64Array(d);
  for (const i of fit) for (let j = 0, o = i * d; j < d; j++) sum[j] += x[o + j];
  const mean = Array.from(sum, (s) => (m ? s / m : 0));
  // Two passes: the one-pass formula loses digits when the mean is large relative to the spread.
  const ss = new Float64Array(d);
  for (const i of fit)
    for (let j = 0, o = i * d; j < d; j++) {
      const e = x[o + j] - mean[j];
      ss[j] += e * e;
    }
  const std = mean.map((mu, j) => {
    const variance = m ? ss[j] / m : 0;
    // An overflowed variance stays infinite (not "constant") so that range.ts can report the column.
    return Number.isFinite(variance) && isConstant(variance, mu, m) ? 1 : Math.sqrt(variance);
  });
  return { mean, std };
}

/** `x ← (x − mean) / std`, column by column, in place. */
export function standardize(x: Float64Array, d: number, s: Standardizer): void {
  for (let k = 0; k < x.length; k++) {
    const j = k % d;
    x[k] = (x[k] - s.mean[j]) / s.std[j];
  }
}
