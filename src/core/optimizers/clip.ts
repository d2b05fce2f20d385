/** Gradient norms and clipping over the flat gradient buffer. */

/**
 * L2 norm of the whole gradient. A plain sum of squares, as PyTorch computes it, so a gradient beyond
 * ~1e154 overflows to Infinity here as it does there.
 */
export function globalNorm(g: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < g.length; i++) sum += g[i] * g[i];
  return Math.sqrt(sum);
}

/**
 * Scales `g` in place so its global norm is at most `maxNorm`, as `torch.nn.utils.clip_grad_norm_`:
 * coefficient maxNorm / (norm + 1e-6), applied only when below 1. Returns the norm before clipping.
 */
export function clipByNorm(g: Float64Array, maxNorm: number): number {
  const total = globalNorm(g);
  const coef = maxNorm / (total + 1e-6);
  if (coef < 1) for (let i = 0; i < g.length; i++) g[i] *= coef;
  return total;
}

/** Clamps every component of `g` to [−v, v] in place, as `torch.nn.utils.clip_grad_value_`. */
export function clipByValue(g: Float64Array, v: number): void {
  for (let i = 0; i < g.length; i++) g[i] = Math.min(v, Math.max(-v, g[i]));
}
