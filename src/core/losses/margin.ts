/** Margin losses (SVM-style): zero once the right side wins by the margin, linear or squared before. */
import { num } from '../params';
import { sized } from './sizes';
import { classIndex } from './targets';
import type { LossSpec } from './types';

export const hinge: LossSpec = {
  id: 'hinge',
  title: 'Hinge',
  description: 'The SVM loss: only examples inside the margin count; maximises the margin, no probabilities.',
  ...sized('hinge', { binary: 1 }),
  params: [],
  arity: 1,
  compute(batch, _p, grads) {
    // mean(max(0, 1 - y s)) with y = +1 for a positive target and -1 for one <= 0. On the hinge
    // itself (y s = 1) the slope is 0, as relu's gradient.
    const s = batch.outputs[0];
    const g = grads ? grads[0] : null;
    const n = s.length;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const y = batch.target[i] > 0 ? 1 : -1;
      const v = 1 - y * s[i];
      if (v > 0) sum += v;
      if (g) g[i] = v > 0 ? -y / n : 0;
    }
    return sum / n;
  },
};

export const squaredHinge: LossSpec = {
  id: 'squared_hinge',
  title: 'Squared hinge',
  description: 'Hinge squared: smooth at the margin and punishes large violations more.',
  ...sized('squared_hinge', { binary: 1 }),
  params: [],
  arity: 1,
  compute(batch, _p, grads) {
    // mean(max(0, 1 - y s)^2), y as for hinge.
    const s = batch.outputs[0];
    const g = grads ? grads[0] : null;
    const n = s.length;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const y = batch.target[i] > 0 ? 1 : -1;
      const v = Math.max(0, 1 - y * s[i]);
      sum += v * v;
      if (g) g[i] = (-2 * y * v) / n;
    }
    return sum / n;
  },
};

export const multiMargin: LossSpec = {
  id: 'multi_margin',
  title: 'Multi-class hinge',
  description: 'Multi-class SVM loss: the true class must beat every other by the margin.',
  ...sized('multi_margin', { binary: 2, multiclass: 'classes' }),
  params: [
    { name: 'margin', type: 'number', default: 1, min: 0, doc: 'How far the true class must lead each other class.' },
  ],
  arity: 1,
  compute(batch, p, grads) {
    // torch.nn.MultiMarginLoss (p = 1): sum_{j != y} max(0, margin - x_y + x_j) / C, mean over rows;
    // a term counts only when strictly positive, as in PyTorch's kernel.
    const margin = num(p, 'margin');
    const { n, k } = batch;
    const x = batch.outputs[0];
    const g = grads ? grads[0] : null;
    const step = 1 / (k * n);
    let sum = 0;
    for (let i = 0, o = 0; i < n; i++, o += k) {
      const y = classIndex(batch.target, i, k);
      const xy = x[o + y];
      let gy = 0;
      for (let j = 0; j < k; j++) {
        const z = j === y ? 0 : margin - xy + x[o + j];
        if (z > 0) {
          sum += z;
          gy -= step;
        }
        if (g) g[o + j] = z > 0 ? step : 0;
      }
      if (g) g[o + y] = gy;
    }
    return sum * step;
  },
};

export const MARGIN_LOSSES: readonly LossSpec[] = [hinge, squaredHinge, multiMargin];
