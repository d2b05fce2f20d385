/**
 * Focal loss (Lin et al., 2017): cross-entropy scaled by (1 - p_t)^gamma, so well-classified examples
 * (p_t near 1) contribute little and training concentrates on the hard ones.
 */
import { num } from '../params';
import { sized } from './sizes';
import { rowMax, sigmoid, softplus, sumExpShifted } from './stable';
import { classIndex } from './targets';
import type { LossBatch, LossSpec } from './types';

/**
 * torchvision's sigmoid_focal_loss on one logit per row, mean over rows:
 * alpha_t (1 - p_t)^gamma ce, ce = BCE-with-logits, p_t = sigmoid(z) with z = x for a positive
 * (target > 0.5) and -x for a negative. With q = 1 - p_t = sigmoid(-z) and ce = softplus(-z):
 *   dL/dz = -alpha_t q^gamma (gamma p_t ce + q),
 * which needs no q^(gamma - 1), so gamma < 1 stays finite when q underflows to 0.
 */
function binaryFocal(batch: LossBatch, alpha: number, gamma: number, g: Float64Array | null): number {
  const x = batch.outputs[0];
  const n = x.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const pos = batch.target[i] > 0.5;
    const z = pos ? x[i] : -x[i];
    const at = pos ? alpha : 1 - alpha;
    const pt = sigmoid(z);
    const q = sigmoid(-z);
    const ce = softplus(-z);
    const qg = Math.pow(q, gamma);
    sum += at * qg * ce;
    if (g) {
      const dz = -at * qg * (gamma * pt * ce + q);
      g[i] = (pos ? dz : -dz) / n;
    }
  }
  return sum / n;
}

/**
 * Softmax form, mean over rows of -alpha (1 - p_t)^gamma log p_t with a scalar alpha. With lp = log p_t,
 * q = 1 - p_t and r = lp / q:
 *   dL/dx_j = alpha (p_j - [j = y]) q^gamma (1 - gamma p_t r).
 * r tends to -1 as q -> 0, which keeps the gradient finite for gamma < 1 and saturated logits.
 */
function softmaxFocal(batch: LossBatch, alpha: number, gamma: number, g: Float64Array | null): number {
  const { n, k } = batch;
  const x = batch.outputs[0];
  let sum = 0;
  for (let i = 0, o = 0; i < n; i++, o += k) {
    const y = classIndex(batch.target, i, k);
    const m = rowMax(x, o, k);
    const s = sumExpShifted(x, o, k, m, g);
    const lse = Math.log(s);
    const lp = x[o + y] - m - lse;
    const pt = Math.exp(lp);
    // -expm1(lp) keeps q's precision when p_t is close to 1.
    const q = -Math.expm1(lp);
    const qg = Math.pow(q, gamma);
    sum -= alpha * qg * lp;
    if (g) {
      const r = q > 0 ? lp / q : -1;
      const scale = (alpha * qg * (1 - gamma * pt * r)) / n;
      for (let j = 0; j < k; j++) g[o + j] = scale * (g[o + j] / s - (j === y ? 1 : 0));
    }
  }
  return sum / n;
}

export const focal: LossSpec = {
  id: 'focal',
  title: 'Focal',
  description: 'Cross-entropy that down-weights easy examples; for class imbalance and many easy negatives.',
  ...sized('focal', { binary: 1, multiclass: 'classes' }),
  params: [
    {
      name: 'alpha',
      type: 'number',
      default: 0.25,
      min: 0,
      max: 1,
      doc: 'Class balance: weight of positives (1 - alpha for negatives) with one output; a plain scale with a softmax.',
    },
    { name: 'gamma', type: 'number', default: 2, min: 0, doc: 'Focusing strength; 0 gives (weighted) cross-entropy.' },
  ],
  arity: 1,
  compute(batch, p, grads) {
    const alpha = num(p, 'alpha');
    const gamma = num(p, 'gamma');
    const g = grads ? grads[0] : null;
    // One output per row is the binary (sigmoid) form; several are the softmax form.
    return batch.k === 1 ? binaryFocal(batch, alpha, gamma, g) : softmaxFocal(batch, alpha, gamma, g);
  },
};
