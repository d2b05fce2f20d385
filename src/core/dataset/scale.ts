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
  const mean: number[] = [];
  const std: number[] = [];
  const m = fit.length;
  for (let j = 0; j < d; j++) {
    let sum = 0;
    for (const i of fit) sum += x[i * d + j];
    const mu = m ? sum / m : 0;
    // Two passes: the one-pass formula loses digits when the mean is large relative to the spread.
    let ss = 0;
    for (const i of fit) ss += (x[i * d + j] - mu) ** 2;
    const variance = m ? ss / m : 0;
    mean.push(mu);
    // An overflowed variance stays infinite (not "constant") so that range.ts can report the column.
    std.push(Number.isFinite(variance) && isConstant(variance, mu, m) ? 1 : Math.sqrt(variance));
  }
  return { mean, std };
}

/** `x ← (x − mean) / std`, column by column, in place. */
export function standardize(x: Float64Array, d: number, s: Standardizer): void {
  for (let k = 0; k < x.length; k++) {
    const j = k % d;
    x[k] = (x[k] - s.mean[j]) / s.std[j];
  }
}
