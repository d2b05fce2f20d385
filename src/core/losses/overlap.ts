/**
 * Overlap losses on p = sigmoid(logits), summed over the whole batch (one soft set against another):
 * they score the intersection against the union, so a rare positive class is not drowned by the many
 * negatives. `smooth` keeps an empty batch defined and the gradient bounded.
 */
import { num } from '../params';
import type { ParamSpec } from '../params';
import { sized } from './sizes';
import { sigmoid } from './stable';
import type { LossBatch, LossSpec } from './types';

const smoothParam: ParamSpec = {
  name: 'smooth',
  type: 'number',
  default: 1,
  min: 0,
  doc: 'Added to numerator and denominator; 0 is undefined for a batch with no positives and saturated negatives.',
};

/** Reused by every call: sum p, sum y and sum p y, at these indices. */
const sums = new Float64Array(3);
const SP = 0;
const SY = 1;
const SPY = 2;

/**
 * Pass 1 of both losses: fills `sums`. When gradients are wanted, p is left in `g` for pass 2, which
 * then rewrites it as dL/dx = dL/dp * p (1 - p), with 1 - p taken as sigmoid(-x) for precision.
 */
function overlapSums(batch: LossBatch, g: Float64Array | null): Float64Array {
  const x = batch.outputs[0];
  const y = batch.target;
  let sp = 0;
  let sy = 0;
  let spy = 0;
  for (let i = 0; i < x.length; i++) {
    const p = sigmoid(x[i]);
    sp += p;
    sy += y[i];
    spy += p * y[i];
    if (g) g[i] = p;
  }
  sums[SP] = sp;
  sums[SY] = sy;
  sums[SPY] = spy;
  return sums;
}

export const dice: LossSpec = {
  id: 'dice',
  title: 'Dice',
  description: 'Overlap-based (1 - F1 on soft predictions); for imbalanced segmentation-style targets.',
  ...sized('dice', { binary: 1 }),
  params: [smoothParam],
  arity: 1,
  compute(batch, p, grads) {
    // 1 - A / B, A = 2 sum(p y) + smooth, B = sum p + sum y + smooth; dL/dp_i = (A - 2 y_i B) / B^2.
    const smooth = num(p, 'smooth');
    const g = grads ? grads[0] : null;
    const s = overlapSums(batch, g);
    const A = 2 * s[SPY] + smooth;
    const B = s[SP] + s[SY] + smooth;
    if (g) {
      const x = batch.outputs[0];
      const y = batch.target;
      for (let i = 0; i < g.length; i++) g[i] = ((A - 2 * y[i] * B) / (B * B)) * g[i] * sigmoid(-x[i]);
    }
    return 1 - A / B;
  },
};

export const jaccard: LossSpec = {
  id: 'jaccard',
  title: 'Jaccard (IoU)',
  description:
    'Overlap-based (1 - intersection over union on soft predictions); for imbalanced segmentation-style targets.',
  ...sized('jaccard', { binary: 1 }),
  params: [smoothParam],
  arity: 1,
  compute(batch, p, grads) {
    // 1 - I / U, I = sum(p y) + smooth, U = sum p + sum y - sum(p y) + smooth;
    // dL/dp_i = (I (1 - y_i) - y_i U) / U^2.
    const smooth = num(p, 'smooth');
    const g = grads ? grads[0] : null;
    const s = overlapSums(batch, g);
    const I = s[SPY] + smooth;
    const U = s[SP] + s[SY] - s[SPY] + smooth;
    if (g) {
      const x = batch.outputs[0];
      const y = batch.target;
      for (let i = 0; i < g.length; i++) g[i] = ((I * (1 - y[i]) - y[i] * U) / (U * U)) * g[i] * sigmoid(-x[i]);
    }
    return 1 - I / U;
  },
};

export const OVERLAP_LOSSES: readonly LossSpec[] = [dice, jaccard];
