/**
 * Numerically stable primitives shared by the losses. Logits of ±1000 must give finite values and
 * gradients, so nothing here ever evaluates `exp` of a large positive number.
 */

/** log(1 + e^x) without overflow: max(x, 0) + log1p(e^-|x|). */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

const LOG2 = Math.log(2);

/** log cosh x without overflow: |x| + log1p(e^-2|x|) - log 2 (cosh itself overflows past |x| ~ 710). */
export function logCosh(x: number): number {
  const a = Math.abs(x);
  return a + Math.log1p(Math.exp(-2 * a)) - LOG2;
}

/**
 * 1 / (1 + e^-x), evaluated on the side where the exponential cannot overflow: what the losses and formulas
 * use. The model's sigmoid activation and the metrics' probabilities use torch.sigmoid's own form
 * (src/core/model/activations.ts), which differs from this one in the last bit for about half of negative x.
 */
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
 * sum_j exp(x_j - max) over one row; when `exps` is given, each term is also left in it at the same
 * offset, so a softmax needs no second round of `exp`. A row's log-softmax is then
 * `(x_j - max) - log(sum)`, PyTorch's order of operations, so large logits lose no precision to the shift.
 */
export function sumExpShifted(x: Float64Array, off: number, k: number, max: number, exps: Float64Array | null): number {
  let s = 0;
  for (let j = 0; j < k; j++) {
    const e = Math.exp(x[off + j] - max);
    s += e;
    if (exps) exps[off + j] = e;
  }
  return s;
}
