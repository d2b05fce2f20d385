/**
 * Inverted dropout, as `torch.nn.Dropout` in training mode: kept inputs are scaled by 1 / (1 − p) so that
 * nothing changes at evaluation, where dropout is the identity. The keep mask (0/1) is an argument, so
 * the forward and backward passes are pure and the randomness stays with the caller (`dropoutMask`).
 *
 * Not wired into the MLP yet: that comes with the trainer's generalisation.
 */
import { LossLabError } from '../errors';
import type { Rng } from '../rng';

function scale(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new LossLabError(`dropout p must be in [0, 1], got ${p}`, { field: 'p' });
  // p = 1 drops everything; PyTorch returns zeros there rather than 0/0.
  return p === 1 ? 0 : 1 / (1 - p);
}

/** x · mask / (1 − p), elementwise; also the backward pass, with the upstream gradient as x. */
export function dropoutApply(x: Float64Array, mask: Float64Array, p: number): Float64Array {
  const s = scale(p);
  return x.map((v, i) => v * (mask[i] * s));
}

export const dropoutForward = dropoutApply;
/** The gradient at the input: the same masking and scaling as the forward pass. */
export const dropoutBackward = dropoutApply;

/** A keep mask of `length` elements: each 1 with probability 1 − p. */
export function dropoutMask(rng: Rng, length: number, p: number): Float64Array {
  scale(p);
  return Float64Array.from({ length }, () => (rng.uniform() >= p ? 1 : 0));
}
