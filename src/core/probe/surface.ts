/**
 * A model's decision surface over two of its features: the prediction on a grid spanning each feature's
 * range (in the CSV's units), every other feature held at its training median, with the validation rows to
 * draw on it. A classifier's cell holds its predicted class and that class's probability (the sigmoid of
 * a binary model's output, the softmax of a multiclass model's: for a margin loss such as hinge this is a
 * confidence on the same scale, not a calibrated probability); a regressor's cell holds its prediction in
 * the target's units.
 */
import type { Dataset } from '../dataset';
import type { Mlp } from '../model/mlp';
import type { Task } from '../tasks';

/** Cells along each axis. */
export const SURFACE_SIZE = 60;
/** Validation rows drawn at most: enough to show where the data lies. */
export const SURFACE_POINTS = 500;

export type SurfaceTask = Extract<Task, 'binary' | 'multiclass' | 'regression'>;

export interface SurfaceAxis {
  /** Index into the dataset's features. */
  feature: number;
  name: string;
  /** The feature's range over the dataset's rows, in the CSV's units: the grid's first and last cell. */
  min: number;
  max: number;
}

export interface DecisionSurface {
  task: SurfaceTask;
  size: number;
  x: SurfaceAxis;
  y: SurfaceAxis;
  /** Every feature's name, in the dataset's order: the pairs a surface can be drawn over. */
  features: string[];
  classes: string[] | null;
  /**
   * size × size cells, row j (y = y.min + j·Δy) after row j − 1, cell i of a row at x = x.min + i·Δx:
   * the predicted class index (classifier; empty for a regressor).
   */
  predicted: Uint16Array;
  /** Per cell as `predicted`: the predicted class's probability, or the regressor's prediction. */
  value: Float32Array;
  /** Validation rows (training rows without a split), at most SURFACE_POINTS: features and true class/value. */
  points: { x: Float32Array; y: Float32Array; target: Float32Array };
}

/** Whether a run of this data has a surface: two features or more, and a task with one prediction per row. */
export function hasSurface(data: Pick<Dataset, 'd' | 'task'>): data is { d: number; task: SurfaceTask } {
  return data.d >= 2 && (data.task === 'binary' || data.task === 'multiclass' || data.task === 'regression');
}

export function decisionSurface(
  model: Mlp,
  data: Dataset,
  features: [number, number] = [0, 1],
  size = SURFACE_SIZE,
): DecisionSurface {
  if (!hasSurface(data)) throw new Error(`a ${data.task} run with ${data.d} features has no decision surface`);
  const [fx, fy] = features;
  if (fx === fy || ![fx, fy].every((f) => Number.isInteger(f) && f >= 0 && f < data.d))
    throw new Error(`a surface is drawn over two different features of ${data.d}, not ${fx} and ${fy}`);
  const { mean, std } = data.scaler;
  const x = axis(data, fx);
  const y = axis(data, fy);
  // The model's input units are the standardized ones: each cell's two features are scaled as the data was.
  const rows = size * size;
  const inputs = new Float64Array(rows * data.d);
  const base = trainingMedians(data);
  for (let j = 0; j < size; j++)
    for (let i = 0; i < size; i++) {
      const at = (j * size + i) * data.d;
      inputs.set(base, at);
      inputs[at + fx] = (gridValue(x, i, size) - mean[fx]) / std[fx];
      inputs[at + fy] = (gridValue(y, j, size) - mean[fy]) / std[fy];
    }
  const out = model.forward(inputs, rows);
  const { predicted, value } = readOutputs(data, out, rows, model.outputSize);
  return {
    task: data.task,
    size,
    x,
    y,
    features: data.featureNames,
    classes: data.classes,
    predicted,
    value,
    points: pointsOf(data, fx, fy),
  };
}

/** The grid's i-th value along an axis of `size` cells. */
export function gridValue(a: SurfaceAxis, i: number, size: number): number {
  return size === 1 ? a.min : a.min + ((a.max - a.min) * i) / (size - 1);
}

function axis(data: Dataset, f: number): SurfaceAxis {
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r < data.n; r++) {
    const v = data.x[r * data.d + f];
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const { mean, std } = data.scaler;
  return { feature: f, name: data.featureNames[f], min: lo * std[f] + mean[f], max: hi * std[f] + mean[f] };
}

/** Each feature's median over the training rows, standardized (the mean of the middle two for an even count). */
function trainingMedians(data: Dataset): Float64Array {
  const n = data.train.length;
  const medians = new Float64Array(data.d);
  const column = new Float64Array(n);
  for (let f = 0; f < data.d; f++) {
    for (let k = 0; k < n; k++) column[k] = data.x[data.train[k] * data.d + f];
    column.sort();
    medians[f] = n === 0 ? 0 : n % 2 ? column[(n - 1) / 2] : (column[n / 2 - 1] + column[n / 2]) / 2;
  }
  return medians;
}

function readOutputs(data: Dataset, out: Float64Array, rows: number, k: number) {
  const value = new Float32Array(rows);
  if (data.task === 'regression') {
    const s = data.targetScaler;
    for (let c = 0; c < rows; c++) value[c] = s ? out[c] * s.std + s.mean : out[c];
    return { predicted: new Uint16Array(0), value };
  }
  const predicted = new Uint16Array(rows);
  for (let c = 0; c < rows; c++) {
    if (k === 1) {
      const p = 1 / (1 + Math.exp(-out[c]));
      predicted[c] = p > 0.5 ? 1 : 0;
      value[c] = Math.max(p, 1 - p);
      continue;
    }
    const o = out.subarray(c * k, (c + 1) * k);
    let best = 0;
    for (let j = 1; j < k; j++) if (o[j] > o[best]) best = j;
    let sum = 0;
    for (let j = 0; j < k; j++) sum += Math.exp(o[j] - o[best]);
    predicted[c] = best;
    value[c] = 1 / sum;
  }
  return { predicted, value };
}

function pointsOf(data: Dataset, fx: number, fy: number): DecisionSurface['points'] {
  const split = data.val.length ? data.val : data.train;
  const m = Math.min(split.length, SURFACE_POINTS);
  const points = { x: new Float32Array(m), y: new Float32Array(m), target: new Float32Array(m) };
  const { mean, std } = data.scaler;
  const s = data.targetScaler;
  for (let i = 0; i < m; i++) {
    const r = split[Math.floor((i * split.length) / m)];
    points.x[i] = data.x[r * data.d + fx] * std[fx] + mean[fx];
    points.y[i] = data.x[r * data.d + fy] * std[fy] + mean[fy];
    points.target[i] = s ? data.y[r] * s.std + s.mean : data.y[r];
  }
  return points;
}
