/**
 * Inverted dropout, as `torch.nn.Dropout` in training mode: kept inputs are scaled by 1 / (1 − p) so that
 * nothing changes at evaluation, where dropout is the identity. The keep mask (0/1) is an argument, so
 * the forward and backward passes are pure and the randomness stays with the caller (`dropoutMask`).
 * The MLP draws its masks straight into the kernels' panel layout (`drawPanelMask`), in the same order.
 */
import { LossLabError } from '../errors';
import type { Rng } from '../rng';

/** What a kept input is multiplied by: 1 / (1 − p). */
export function dropoutScale(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new LossLabError(`dropout p must be in [0, 1], got ${p}`, { field: 'p' });
  // p = 1 drops everything; PyTorch returns zeros there rather than 0/0.
  return p === 1 ? 0 : 1 / (1 - p);
}

/** x · mask / (1 − p), elementwise; also the backward pass, with the upstream gradient as x. */
export function dropoutApply(x: Float64Array, mask: Float64Array, p: number): Float64Array {
  const s = dropoutScale(p);
  return x.map((v, i) => v * (mask[i] * s));
}

export const dropoutForward = dropoutApply;
/** The gradient at the input: the same masking and scaling as the forward pass. */
export const dropoutBackward = dropoutApply;

/** A keep mask of `length` elements: each 1 with probability 1 − p. */
export function dropoutMask(rng: Rng, length: number, p: number): Float64Array {
  dropoutScale(p);
  return Float64Array.from({ length }, () => (rng.uniform() >= p ? 1 : 0));
}

/**
 * The keep mask of `rows` × `features` elements drawn as `dropoutMask` draws it (row by row), written
 * already scaled (1 / (1 − p) where kept, 0 where dropped) into panel layout at `at` (see kernels.ts).
 * Padding is left as it is: the caller keeps it zero.
 */
export function drawPanelMask(
  h: Float64Array,
  at: number,
  stride: number,
  rows: number,
  features: number,
  p: number,
  rng: Rng,
): void {
  const s = dropoutScale(p);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < features; c++) h[at + (c >> 2) * stride + 4 * r + (c & 3)] = rng.uniform() >= p ? s : 0;
}

/** The seed of a run's dropout masks: a stream of its own, so that the run's other draws stay as they are. */
export function dropoutSeed(seed: number): number {
  return (seed ^ 0xd20f0a7) >>> 0;
}
