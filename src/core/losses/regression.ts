/**
 * Regression losses: element-wise on e = output - target over every output column, averaged over all
 * n × k elements (PyTorch's `reduction='mean'`).
 */
import { type Params, num } from '../params';
import { meanElementwise } from './elementwise';
import { sized } from './sizes';
import { logCosh as stableLogCosh } from './stable';
import type { LossSpec } from './types';

const regression = { regression: 'classes' } as const;

/** One element's loss and its slope d loss / d output, as functions of the error e = output - target. */
interface Pointwise {
  value(e: number): number;
  slope(e: number): number;
}

/** A loss applied to every element and averaged: the shared loop, with `pointwise` bound to the parameters once per batch. */
function elementwise(
  meta: Omit<LossSpec, 'arity' | 'compute' | 'tasks' | 'outputSize'>,
  pointwise: (p: Params) => Pointwise,
): LossSpec {
  return {
    ...meta,
    ...sized(meta.id, regression),
    arity: 1,
    compute(batch, p, grads) {
      const f = pointwise(p);
      return meanElementwise(
        batch,
        grads,
        (x, t) => f.value(x - t),
        (x, t) => f.slope(x - t),
      );
    },
  };
}

export const mse: LossSpec = {
  ...elementwise(
    {
      id: 'mse',
      title: 'Mean squared error',
      description: 'Penalises large errors heavily; the default for regression.',
      params: [],
    },
    () => ({ value: (e) => e * e, slope: (e) => 2 * e }),
  ),
  // Also the pointwise ranking loss: the squared error of a row's score against its relevance grade.
  ...sized('mse', { ...regression, ranking: 1 }),
};

export const mae = elementwise(
  {
    id: 'mae',
    title: 'Mean absolute error',
    description: 'Robust to outliers, constant gradient; predicts the median.',
    params: [],
  },
  // sign(0) = 0, as PyTorch's L1Loss: an exact prediction is not pushed either way.
  () => ({ value: (e) => Math.abs(e), slope: (e) => Math.sign(e) }),
);

export const huber = elementwise(
  {
    id: 'huber',
    title: 'Huber',
    description: 'Quadratic near zero, linear for outliers: robust to outliers but smooth at the minimum.',
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
  },
  // torch.nn.HuberLoss: 0.5 e^2 if |e| <= delta, else delta (|e| - 0.5 delta); its slope is clamp(e, -delta, delta).
  (p) => {
    const delta = num(p, 'delta');
    return {
      value: (e) => (Math.abs(e) <= delta ? 0.5 * e * e : delta * (Math.abs(e) - 0.5 * delta)),
      slope: (e) => (e < -delta ? -delta : e > delta ? delta : e),
    };
  },
);

const smoothL1 = elementwise(
  {
    id: 'smooth_l1',
    title: 'Smooth L1',
    description: 'Huber divided by its threshold: L1 for large errors, quadratic below beta; robust to outliers.',
    params: [
      {
        name: 'beta',
        type: 'number',
        default: 1,
        min: 0,
        doc: 'Error size where the loss turns from quadratic to linear; 0 gives MAE.',
      },
    ],
  },
  // torch.nn.SmoothL1Loss: 0.5 e^2 / beta if |e| < beta, else |e| - 0.5 beta. With beta = 0 it is L1,
  // except that PyTorch's gradient at e = 0 is then -1 (not MAE's 0); we keep that to match it.
  (p) => {
    const beta = num(p, 'beta');
    return {
      value: (e) => (Math.abs(e) < beta ? (0.5 * e * e) / beta : Math.abs(e) - 0.5 * beta),
      slope: (e) => (Math.abs(e) < beta ? e / beta : e > 0 ? 1 : -1),
    };
  },
);

export const logCosh = elementwise(
  {
    id: 'log_cosh',
    title: 'Log-cosh',
    description: 'Like MSE for small errors and MAE for large ones, smooth everywhere; robust to outliers.',
    params: [],
  },
  // log cosh e in its overflow-free form (stable.ts); the slope is tanh e.
  () => ({ value: stableLogCosh, slope: (e) => Math.tanh(e) }),
);

export const quantile = elementwise(
  {
    id: 'quantile',
    title: 'Quantile (pinball)',
    description: 'Asymmetric L1 that predicts the q-th quantile instead of the mean; for prediction intervals.',
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
  },
  // Pinball loss max(q u, (q - 1) u) with u = target - output = -e: under-prediction costs q, over-prediction
  // 1 - q. At e = 0 the slope is the mean of the two sides, as torch.maximum's gradient splits a tie (and,
  // at q = 0.5, the 0 that MAE uses).
  (p) => {
    const q = num(p, 'q');
    return { value: (e) => (e <= 0 ? -q * e : (1 - q) * e), slope: (e) => (e < 0 ? -q : e > 0 ? 1 - q : 0.5 - q) };
  },
);

export const REGRESSION_LOSSES: readonly LossSpec[] = [mse, mae, huber, smoothL1, logCosh, quantile];
