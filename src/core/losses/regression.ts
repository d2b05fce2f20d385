/**
 * Regression losses: element-wise on e = output - target over every output column, averaged over all
 * n × k elements (PyTorch's `reduction='mean'`).
 */
import { num } from '../params';
import { sized } from './sizes';
import type { LossSpec } from './types';

const regression = { regression: 'classes' } as const;

export const mse: LossSpec = {
  id: 'mse',
  title: 'Mean squared error',
  description: 'Penalises large errors heavily; the default for regression.',
  ...sized('mse', regression),
  params: [],
  arity: 1,
  compute(batch, _p, grads) {
    const x = batch.outputs[0];
    const t = batch.target;
    const g = grads ? grads[0] : null;
    const m = x.length;
    let sum = 0;
    for (let i = 0; i < m; i++) {
      const e = x[i] - t[i];
      sum += e * e;
      if (g) g[i] = (2 * e) / m;
    }
    return sum / m;
  },
};

export const mae: LossSpec = {
  id: 'mae',
  title: 'Mean absolute error',
  description: 'Robust to outliers, constant gradient; predicts the median.',
  ...sized('mae', regression),
  params: [],
  arity: 1,
  compute(batch, _p, grads) {
    const x = batch.outputs[0];
    const t = batch.target;
    const g = grads ? grads[0] : null;
    const m = x.length;
    let sum = 0;
    for (let i = 0; i < m; i++) {
      const e = x[i] - t[i];
      sum += Math.abs(e);
      // sign(0) = 0, as PyTorch's L1Loss: an exact prediction is not pushed either way.
      if (g) g[i] = Math.sign(e) / m;
    }
    return sum / m;
  },
};

export const huber: LossSpec = {
  id: 'huber',
  title: 'Huber',
  description: 'Quadratic near zero, linear for outliers: robust to outliers but smooth at the minimum.',
  ...sized('huber', regression),
  params: [
    {
      name: 'delta',
      type: 'number',
      default: 1,
      min: 0,
      minExclusive: true,
      doc: 'Error size where the loss turns from quadratic to linear.',
    },
  ],
  arity: 1,
  compute(batch, p, grads) {
    // torch.nn.HuberLoss: 0.5 e^2 if |e| <= delta, else delta (|e| - 0.5 delta); its slope is clamp(e, -delta, delta).
    const delta = num(p, 'delta');
    const x = batch.outputs[0];
    const t = batch.target;
    const g = grads ? grads[0] : null;
    const m = x.length;
    let sum = 0;
    for (let i = 0; i < m; i++) {
      const e = x[i] - t[i];
      const a = Math.abs(e);
      sum += a <= delta ? 0.5 * e * e : delta * (a - 0.5 * delta);
      if (g) g[i] = (e < -delta ? -delta : e > delta ? delta : e) / m;
    }
    return sum / m;
  },
};

export const smoothL1: LossSpec = {
  id: 'smooth_l1',
  title: 'Smooth L1',
  description: 'Huber divided by its threshold: L1 for large errors, quadratic below beta; robust to outliers.',
  ...sized('smooth_l1', regression),
  params: [
    { name: 'beta', type: 'number', default: 1, min: 0, doc: 'Error size where the loss turns from quadratic to linear; 0 gives MAE.' },
  ],
  arity: 1,
  compute(batch, p, grads) {
    // torch.nn.SmoothL1Loss: 0.5 e^2 / beta if |e| < beta, else |e| - 0.5 beta. With beta = 0 it is L1,
    // except that PyTorch's gradient at e = 0 is then -1 (not MAE's 0); we keep that to match it.
    const beta = num(p, 'beta');
    const x = batch.outputs[0];
    const t = batch.target;
    const g = grads ? grads[0] : null;
    const m = x.length;
    let sum = 0;
    for (let i = 0; i < m; i++) {
      const e = x[i] - t[i];
      const a = Math.abs(e);
      sum += a < beta ? (0.5 * e * e) / beta : a - 0.5 * beta;
      if (g) g[i] = (a < beta ? e / beta : e > 0 ? 1 : -1) / m;
    }
    return sum / m;
  },
};

const LOG2 = Math.log(2);

export const logCosh: LossSpec = {
  id: 'log_cosh',
  title: 'Log-cosh',
  description: 'Like MSE for small errors and MAE for large ones, smooth everywhere; robust to outliers.',
  ...sized('log_cosh', regression),
  params: [],
  arity: 1,
  compute(batch, _p, grads) {
    const x = batch.outputs[0];
    const t = batch.target;
    const g = grads ? grads[0] : null;
    const m = x.length;
    let sum = 0;
    for (let i = 0; i < m; i++) {
      const e = x[i] - t[i];
      const a = Math.abs(e);
      // log cosh e = |e| + log1p(e^{-2|e|}) - log 2: cosh itself overflows past |e| ~ 710.
      sum += a + Math.log1p(Math.exp(-2 * a)) - LOG2;
      if (g) g[i] = Math.tanh(e) / m;
    }
    return sum / m;
  },
};

export const quantile: LossSpec = {
  id: 'quantile',
  title: 'Quantile (pinball)',
  description: 'Asymmetric L1 that predicts the q-th quantile instead of the mean; for prediction intervals.',
  ...sized('quantile', regression),
  params: [
    {
      name: 'q',
      type: 'number',
      default: 0.5,
      min: 0,
      max: 1,
      minExclusive: true,
      maxExclusive: true,
      doc: 'Quantile to predict; 0.5 is the median.',
    },
  ],
  arity: 1,
  compute(batch, p, grads) {
    // Pinball loss max(q e, (q - 1) e) with e = target - output: under-prediction costs q, over-prediction 1 - q.
    const q = num(p, 'q');
    const x = batch.outputs[0];
    const t = batch.target;
    const g = grads ? grads[0] : null;
    const m = x.length;
    let sum = 0;
    for (let i = 0; i < m; i++) {
      const e = t[i] - x[i];
      sum += e >= 0 ? q * e : (q - 1) * e;
      // At e = 0 the slope is the mean of the two sides, as torch.maximum's gradient splits a tie
      // (and, at q = 0.5, the 0 that MAE uses).
      if (g) g[i] = (e > 0 ? -q : e < 0 ? 1 - q : 0.5 - q) / m;
    }
    return sum / m;
  },
};

export const REGRESSION_LOSSES: readonly LossSpec[] = [mse, mae, huber, smoothL1, logCosh, quantile];
