/**
 * Batch normalisation over the rows of an n × f matrix (row-major), as `torch.nn.BatchNorm1d`. In
 * training mode a feature is normalised with its batch mean and biased batch variance, while the
 * running variance is updated with the unbiased one (var · n / (n − 1)), as PyTorch does; in eval mode
 * the running statistics normalise and stay as they are.
 *
 * Two forms of the same arithmetic: pure functions over row-major matrices (`batchNormForward`,
 * `batchNormBackward`), and `PanelBatchNorm`, the MLP's layer, over the kernels' heap in panel layout.
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

/** Where one BatchNorm1d layer of the MLP keeps its parameters, their gradients and its running statistics. */
export interface BatchNormTensors extends BatchNormState {
  weight: Float64Array;
  bias: Float64Array;
  gradWeight: Float64Array;
  gradBias: Float64Array;
}

/**
 * BatchNorm1d over an m × f matrix on the kernels' heap in panel layout (element (r, c) at
 * (c >> 2)·stride + 4r + (c & 3), see kernels.ts), with the arithmetic of `batchNormForward` and
 * `batchNormBackward` in the same order, so both give the same bits. Statistics and sums run over the
 * batch's rows only; padding rows and columns of the output are written as 0, so they stay finite.
 */
export class PanelBatchNorm {
  /** The mean and 1 / √(var + eps) the last forward normalised with, per feature. */
  private readonly mean: Float64Array;
  private readonly invStd: Float64Array;
  private training = false;

  constructor(
    readonly features: number,
    readonly options: Omit<BatchNormOptions, 'training'>,
    readonly t: BatchNormTensors,
  ) {
    this.mean = new Float64Array(features);
    this.invStd = new Float64Array(features);
  }

  /** y = weight · x̂ + bias for `rows` rows of x (width padded to `width`); in training mode also updates the running statistics. */
  forward(h: Float64Array, x: number, y: number, stride: number, rows: number, width: number, training: boolean): void {
    checkBatchNormOptions({ ...this.options, training }, rows);
    this.training = training;
    const { eps, momentum } = this.options;
    const { weight, bias, runningMean, runningVar } = this.t;
    const n = rows;
    const m = (rows + 3) & ~3;
    for (let c = 0; c < width; c++) {
      const col = (c >> 2) * stride + (c & 3);
      if (c >= this.features) {
        for (let r = 0; r < m; r++) h[y + col + 4 * r] = 0;
        continue;
      }
      let mean = runningMean[c];
      let variance = runningVar[c];
      if (training) {
        let s = 0;
        for (let r = 0; r < n; r++) s += h[x + col + 4 * r];
        mean = s / n;
        let v = 0;
        for (let r = 0; r < n; r++) {
          const d = h[x + col + 4 * r] - mean;
          v += d * d;
        }
        variance = v / n;
        runningMean[c] = (1 - momentum) * runningMean[c] + momentum * mean;
        runningVar[c] = (1 - momentum) * runningVar[c] + (momentum * variance * n) / (n - 1);
      }
      const inv = 1 / Math.sqrt(variance + eps);
      this.mean[c] = mean;
      this.invStd[c] = inv;
      const w = weight[c];
      const b = bias[c];
      for (let r = 0; r < n; r++) h[y + col + 4 * r] = w * ((h[x + col + 4 * r] - mean) * inv) + b;
      for (let r = n; r < m; r++) h[y + col + 4 * r] = 0;
    }
  }

  /**
   * Turns d loss / d y at `g` into d loss / d x in place (x as the last forward read it) and adds the
   * weight and bias gradients into the layer's gradient views.
   */
  backward(h: Float64Array, x: number, g: number, stride: number, rows: number): void {
    const { weight, gradWeight, gradBias } = this.t;
    const n = rows;
    for (let c = 0; c < this.features; c++) {
      const col = (c >> 2) * stride + (c & 3);
      const mean = this.mean[c];
      const inv = this.invStd[c];
      let gb = 0;
      let gw = 0;
      for (let r = 0; r < n; r++) {
        const d = h[g + col + 4 * r];
        gb += d;
        gw += d * ((h[x + col + 4 * r] - mean) * inv);
      }
      gradBias[c] += gb;
      gradWeight[c] += gw;
      const scale = weight[c] * inv;
      if (!this.training) {
        for (let r = 0; r < n; r++) h[g + col + 4 * r] = scale * h[g + col + 4 * r];
        continue;
      }
      for (let r = 0; r < n; r++) {
        const xhat = (h[x + col + 4 * r] - mean) * inv;
        h[g + col + 4 * r] = scale * (h[g + col + 4 * r] - gb / n - (xhat * gw) / n);
      }
    }
  }
}
