/** Likelihood losses on logits: binary cross-entropy on one logit, cross-entropy on a softmax. */
import { LossLabError } from '../errors';
import { num } from '../params';
import { sized } from './sizes';
import { rowMax, sigmoid, softplus, sumExpShifted } from './stable';
import { classIndex } from './targets';
import type { LossSpec } from './types';

export const bce: LossSpec = {
  id: 'bce',
  title: 'Binary cross-entropy',
  description: 'Log loss on a sigmoid output; the default for binary classification (calibrated probabilities).',
  ...sized('bce', { binary: 1 }),
  params: [
    {
      name: 'pos_weight',
      type: 'number',
      default: null,
      min: 0,
      minExclusive: true,
      doc: 'Weight of the positive class (e.g. negatives / positives for imbalanced data); none means 1.',
    },
  ],
  arity: 1,
  compute(batch, p, grads) {
    // torch.nn.BCEWithLogitsLoss: (1 - y) x + (1 + (pw - 1) y) softplus(-x); the softplus form never
    // takes log(sigmoid) directly, so logits of ±1000 stay finite.
    const pw = p.pos_weight === null ? 1 : num(p, 'pos_weight');
    const x = batch.outputs[0];
    const y = batch.target;
    const g = grads ? grads[0] : null;
    const n = x.length;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const lw = 1 + (pw - 1) * y[i];
      sum += (1 - y[i]) * x[i] + lw * softplus(-x[i]);
      if (g) g[i] = (lw * sigmoid(x[i]) - pw * y[i]) / n;
    }
    return sum / n;
  },
};

export const crossEntropy: LossSpec = {
  id: 'cross_entropy',
  title: 'Cross-entropy',
  description: 'Log loss on a softmax over the classes; the default for multi-class classification.',
  ...sized('cross_entropy', { binary: 2, multiclass: 'classes', sequence: 'classes' }),
  params: [
    {
      name: 'weight',
      type: 'numbers',
      default: null,
      min: 0,
      doc: 'One weight per class (e.g. for imbalanced classes); none means all 1.',
    },
    {
      name: 'label_smoothing',
      type: 'number',
      default: 0,
      min: 0,
      max: 1,
      maxExclusive: true,
      doc: 'Share of the target spread evenly over all classes, against over-confident outputs.',
    },
  ],
  arity: 1,
  compute(batch, p, grads) {
    // torch.nn.CrossEntropyLoss with lp = log_softmax(x), W = sum_i w[y_i]:
    //   (1 - eps) sum_i w[y_i] (-lp[i, y_i]) / W  +  (eps / C) sum_i sum_c w_c (-lp[i, c]) / W.
    // Both terms are normalised by W, as PyTorch does (not by N for the smoothing term).
    // d/dx[i, j] = ((1 - eps) w[y_i] (p_ij - [j = y_i]) + (eps / C) (p_ij sum_c w_c - w_j)) / W.
    const { n, k } = batch;
    const x = batch.outputs[0];
    const g = grads ? grads[0] : null;
    const w = p.weight as number[] | null;
    if (w && w.length !== k)
      throw new LossLabError(
        `loss.weight has ${w.length} numbers but the model has ${k} outputs; give one weight per class`,
        {
          field: 'loss.weight',
        },
      );
    const eps = num(p, 'label_smoothing');
    const smooth = eps / k;
    let wSum = k;
    if (w) {
      wSum = 0;
      for (let c = 0; c < k; c++) wSum += w[c];
    }
    let nll = 0;
    let smoothed = 0;
    let W = 0;
    for (let i = 0, o = 0; i < n; i++, o += k) {
      const y = classIndex(batch.target, i, k);
      const wy = w ? w[y] : 1;
      const m = rowMax(x, o, k);
      const s = sumExpShifted(x, o, k, m, g);
      const lse = Math.log(s);
      W += wy;
      nll -= wy * (x[o + y] - m - lse);
      if (eps > 0) for (let c = 0; c < k; c++) smoothed -= (w ? w[c] : 1) * (x[o + c] - m - lse);
      if (g)
        for (let j = 0; j < k; j++) {
          const pj = g[o + j] / s;
          g[o + j] = (1 - eps) * wy * (pj - (j === y ? 1 : 0)) + smooth * (pj * wSum - (w ? w[j] : 1));
        }
    }
    // A batch whose rows all have weight 0 carries no signal; PyTorch returns 0/0 = NaN, we return 0.
    if (W === 0) {
      if (g) g.fill(0);
      return 0;
    }
    if (g) for (let i = 0; i < n * k; i++) g[i] /= W;
    return ((1 - eps) * nll + smooth * smoothed) / W;
  },
};

export const CLASSIFICATION_LOSSES: readonly LossSpec[] = [bce, crossEntropy];
