import type { LossBatch } from './types';

/**
 * The mean of f(output, target) over every element of a single-member batch, writing f'/m into the
 * gradient when asked: the shared loop of the elementwise losses (regression losses, formula losses).
 */
export function meanElementwise(
  batch: LossBatch,
  grads: Float64Array[] | null,
  value: (x: number, t: number) => number,
  slope: (x: number, t: number) => number,
): number {
  const x = batch.outputs[0];
  const t = batch.target;
  const g = grads ? grads[0] : null;
  const m = x.length;
  let sum = 0;
  for (let i = 0; i < m; i++) {
    sum += value(x[i], t[i]);
    if (g) g[i] = slope(x[i], t[i]) / m;
  }
  return sum / m;
}
