/**
 * Numerically stable primitives shared by the losses. Logits of ±1000 must give finite values and
 * gradients, so nothing here ever evaluates `exp` of a large positive number.
 */

/** log(1 + e^x) without overflow: max(x, 0) + log1p(e^-|x|). */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** 1 / (1 + e^-x), evaluated on the side where the exponential cannot overflow. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** The largest of `x[off] .. x[off + k - 1]`: the shift that makes a row's log-sum-exp safe. */
export function rowMax(x: Float64Array, off: number, k: number): number {
  let m = x[off];
  for (let j = 1; j < k; j++) if (x[off + j] > m) m = x[off + j];
  return m;
}

/**
 * log sum_j exp(x_j - max) over one row. A row's log-softmax is then `(x_j - max) - this`, the same
 * order of operations as PyTorch's `log_softmax`, so large logits lose no precision to the shift.
 */
export function logSumExpShifted(x: Float64Array, off: number, k: number, max: number): number {
  let s = 0;
  for (let j = 0; j < k; j++) s += Math.exp(x[off + j] - max);
  return Math.log(s);
}
