/**
 * Batch normalisation over the rows of an n × f matrix (row-major), as `torch.nn.BatchNorm1d`. In
 * training mode a feature is normalised with its batch mean and biased batch variance, while the
 * running variance is updated with the unbiased one (var · n / (n − 1)), as PyTorch does; in eval mode
 * the running statistics normalise and stay as they are.
 *
 * Pure functions for now: the MLP gets a batch-norm layer when the trainer is generalised.
 */
import { LossLabError } from '../errors';

export interface BatchNormOptions {
  /** Added to the variance under the square root; > 0 so that a constant feature stays finite. */
  eps: number;
  /** Weight of the new batch statistics in the running ones, in [0, 1] (PyTorch's default 0.1). */
  momentum: number;
  training: boolean;
}

/** The running statistics of the f features; updated in place by a training-mode forward. */
export interface BatchNormState {
  runningMean: Float64Array;
  runningVar: Float64Array;
}

/** What the backward pass needs from the forward one. */
export interface BatchNormCache {
  n: number;
  f: number;
  training: boolean;
  /** (x − mean) / √(var + eps), n × f. */
  xhat: Float64Array;
  /** 1 / √(var + eps) per feature. */
  invStd: Float64Array;
}

export interface BatchNormGrads {
  gradInput: Float64Array;
  gradWeight: Float64Array;
  gradBias: Float64Array;
}

export function checkBatchNormOptions(o: BatchNormOptions, n: number): void {
  if (!(o.eps > 0)) throw new LossLabError(`batch norm eps must be > 0, got ${o.eps}`, { field: 'eps' });
  if (!(o.momentum >= 0 && o.momentum <= 1))
    throw new LossLabError(`batch norm momentum must be in [0, 1], got ${o.momentum}`, { field: 'momentum' });
  // One row has no unbiased variance (PyTorch refuses it too).
  if (o.training && n < 2) throw new LossLabError(`batch norm in training mode needs at least 2 rows, got ${n}`);
}

/** Mean and biased variance of each column, two passes as PyTorch (no E[x²] − E[x]² cancellation). */
function columnStats(x: Float64Array, n: number, f: number): { mean: Float64Array; variance: Float64Array } {
  const mean = new Float64Array(f);
  const variance = new Float64Array(f);
  for (let i = 0; i < n; i++) for (let j = 0; j < f; j++) mean[j] += x[i * f + j];
  for (let j = 0; j < f; j++) mean[j] /= n;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < f; j++) {
      const d = x[i * f + j] - mean[j];
      variance[j] += d * d;
    }
  for (let j = 0; j < f; j++) variance[j] /= n;
  return { mean, variance };
}

/** output = weight · x̂ + bias, per feature; in training mode also updates `state`. */
export function batchNormForward(
  x: Float64Array,
  n: number,
  f: number,
  weight: Float64Array,
  bias: Float64Array,
  state: BatchNormState,
  o: BatchNormOptions,
): { output: Float64Array; cache: BatchNormCache } {
  checkBatchNormOptions(o, n);
  let mean = state.runningMean;
  let variance = state.runningVar;
  if (o.training) {
    ({ mean, variance } = columnStats(x, n, f));
    for (let j = 0; j < f; j++) {
      state.runningMean[j] = (1 - o.momentum) * state.runningMean[j] + o.momentum * mean[j];
      state.runningVar[j] = (1 - o.momentum) * state.runningVar[j] + (o.momentum * variance[j] * n) / (n - 1);
    }
  }
  const invStd = variance.map((v) => 1 / Math.sqrt(v + o.eps));
  const xhat = new Float64Array(n * f);
  const output = new Float64Array(n * f);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < f; j++) {
      const h = (xhat[i * f + j] = (x[i * f + j] - mean[j]) * invStd[j]);
      output[i * f + j] = weight[j] * h + bias[j];
    }
  return { output, cache: { n, f, training: o.training, xhat, invStd } };
}

/**
 * Gradients from the upstream one g (n × f). Training mode differentiates through the batch statistics:
 * dx = weight/√(var + eps) · (g − mean(g) − x̂ · mean(g x̂)); eval mode sees them as constants.
 */
export function batchNormBackward(
  cache: BatchNormCache,
  gradOutput: Float64Array,
  weight: Float64Array,
): BatchNormGrads {
  const { n, f, xhat, invStd } = cache;
  const gradWeight = new Float64Array(f);
  const gradBias = new Float64Array(f);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < f; j++) {
      gradBias[j] += gradOutput[i * f + j];
      gradWeight[j] += gradOutput[i * f + j] * xhat[i * f + j];
    }
  const gradInput = new Float64Array(n * f);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < f; j++) {
      const g = gradOutput[i * f + j];
      const centred = cache.training ? g - gradBias[j] / n - (xhat[i * f + j] * gradWeight[j]) / n : g;
      gradInput[i * f + j] = weight[j] * invStd[j] * centred;
    }
  return { gradInput, gradWeight, gradBias };
}
