/**
 * The user's model as a 2-D surface: the full-batch training loss (the data loss, without L1/L2
 * penalties) as a function of two chosen parameters, every other parameter held at the run's initial
 * weights. Value and gradient come from one forward and one backward pass of the model itself.
 *
 * Parameters are named by layer (from 0) and position in PyTorch's layout: `w0[2][3]` is layer 0's
 * weight[2][3] (output 2, input 3), `b1[0]` is layer 1's bias[0].
 *
 * Limits: losses on pairs or triplets (contrastive, triplet) are not supported, nor batch norm or dropout
 * (the loss a step sees depends on the batch's statistics and the masks drawn, not on the weights alone);
 * with more training rows than `maxRows`, an evenly strided subsample of them stands for the full batch.
 */
import type { RunConfig } from '../config/types';
import type { Dataset } from '../dataset';
import { LossLabError, quote, showValue } from '../errors';
import { initialModel, planRun } from '../trainer/setup';
import { MODEL_SURFACE_ID } from './surfaces';
import type { Point, Surface2D } from './types';

export interface ModelSurfaceOptions {
  /** The two parameters, by name; default the first two entries of the first layer's weight (or weight and bias). */
  weights?: [string, string];
  /** Half-width of the plotted region around the initial weights (default 3). */
  span?: number;
  /** At most this many training rows (default 1000). */
  maxRows?: number;
}

/** Every parameter's name in the flat vector's order: per layer, the weight row by row, then the bias. */
export function parameterNames(sizes: readonly number[]): string[] {
  const names: string[] = [];
  for (let l = 1; l < sizes.length; l++) {
    for (let o = 0; o < sizes[l]; o++) for (let i = 0; i < sizes[l - 1]; i++) names.push(`w${l - 1}[${o}][${i}]`);
    for (let o = 0; o < sizes[l]; o++) names.push(`b${l - 1}[${o}]`);
  }
  return names;
}

/** Rows of `data.train` kept: all, or `max` evenly strided. */
function sampleRows(train: ArrayLike<number>, max: number): number[] {
  const n = train.length;
  const k = Math.min(n, max);
  return Array.from({ length: k }, (_, r) => train[Math.floor((r * n) / k)]);
}

export interface ModelSlice {
  surface: Surface2D;
  /** All parameter names of the model (for choosing two). */
  names: string[];
  weights: [string, string];
  rows: number;
}

export function modelSurface(config: RunConfig, data: Dataset, opts: ModelSurfaceOptions = {}): ModelSlice {
  const plan = planRun(config, data);
  const { loss: spec, lossParams: lp, sizes } = plan;
  if (spec.arity !== 1)
    throw new LossLabError(
      `the trajectory view needs a loss on single rows; ${spec.id} trains on sampled pairs or triplets`,
      { field: 'loss.name' },
    );
  const { batchNorm, dropout } = plan.config.model;
  if (batchNorm || dropout > 0)
    throw new LossLabError(
      `the trajectory view shows models without batch norm or dropout; this one has ${batchNorm ? 'model.batchNorm' : 'model.dropout'}`,
      { field: batchNorm ? 'model.batchNorm' : 'model.dropout' },
    );
  const model = initialModel(plan);
  const names = parameterNames(sizes);
  const weights = opts.weights ?? [names[0], names[1]];
  const [a, b] = weights.map((w, k) => {
    const at = names.indexOf(w);
    if (at < 0)
      throw new LossLabError(
        `weights[${k}]: the model has no parameter ${showValue(w)}; names run ${names[0]}, ${names[1]}, … ${names[names.length - 1]}`,
        { field: 'weights' },
      );
    return at;
  });
  if (a === b)
    throw new LossLabError(`weights must name two different parameters, got ${quote(weights[0])} twice`, {
      field: 'weights',
    });
  const span = opts.span ?? 3;
  if (!(span > 0 && Number.isFinite(span)))
    throw new LossLabError(`span must be a positive number, got ${span}`, { field: 'span' });
  const maxRows = opts.maxRows ?? 1000;
  if (!Number.isInteger(maxRows) || maxRows < 1)
    throw new LossLabError(`the number of rows must be a positive integer, got ${maxRows}`, { field: 'rows' });

  const rows = sampleRows(data.train, maxRows);
  const { d, targetWidth: tw } = data;
  const x = new Float64Array(rows.length * d);
  const y = new Float64Array(rows.length * tw);
  rows.forEach((row, r) => {
    x.set(data.x.subarray(row * d, (row + 1) * d), r * d);
    y.set(data.y.subarray(row * tw, (row + 1) * tw), r * tw);
  });
  const k = model.outputSize;
  const gradOut = new Float64Array(rows.length * k);
  const n = rows.length;
  const evaluate = (p: Float64Array, grad: Float64Array | null): number => {
    model.params[a] = p[0];
    model.params[b] = p[1];
    const out = model.forward(x, n);
    const value = spec.compute({ outputs: [out], target: y, n, k }, lp, grad ? [gradOut] : null);
    if (grad) {
      model.grads.fill(0);
      model.backward(gradOut, n);
      grad[0] = model.grads[a];
      grad[1] = model.grads[b];
    }
    return value;
  };
  const start: Point = [model.params[a], model.params[b]];
  const domain = {
    x: [start[0] - span, start[0] + span] as [number, number],
    y: [start[1] - span, start[1] + span] as [number, number],
  };
  const surface: Surface2D = {
    id: MODEL_SURFACE_ID,
    title: `${plan.config.name}: ${weights[0]} × ${weights[1]}`,
    description: `The training loss (${spec.id}, ${n} rows) over two parameters, the others at their initial values.`,
    evaluate,
    domain,
    start,
    // Not known in closed form: `computeTrajectories` marks the grid's lowest point.
    minima: [],
    levels: 'log',
    floor: null,
    lrs: modelRates(plan.config.optimizer.name, plan.config.optimizer.lr as number | undefined),
  };
  return { surface, names, weights, rows: n };
}

/** Rates for a model slice: the run's own rate for its optimizer; moderate ones for the others (standardized inputs). */
function modelRates(optimizer: string, lr: number | undefined): Record<string, number> {
  const rates: Record<string, number> = {
    sgd: 0.1,
    momentum: 0.02,
    nesterov: 0.02,
    adagrad: 0.3,
    rmsprop: 0.02,
    adam: 0.05,
    adamw: 0.05,
    nadam: 0.05,
    radam: 0.05,
    adamax: 0.1,
    adadelta: 1,
    lion: 0.02,
    adan: 0.05,
    lbfgs: 1,
  };
  if (lr !== undefined && optimizer in rates) rates[optimizer] = lr;
  return rates;
}
