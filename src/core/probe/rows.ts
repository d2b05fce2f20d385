/**
 * Which rows drive the loss: each row's loss at the trained weights and its share of the gradient, where
 * the gradient is the per-example one with respect to the model's output, ∂L/∂out_i of the split's mean
 * loss L (for MSE 2(pred − y)/(n·k)), not its continuation through the weights (one backward pass per
 * row, which large files cannot afford). A row's share is ‖∂L/∂out_i‖ / Σ_j ‖∂L/∂out_j‖: the shares of a
 * split add up to 1, and under MSE a row's share is its absolute residual's.
 */
import type { Dataset } from '../dataset';
import { Batches } from '../trainer/batches';
import { EVAL_CHUNK } from '../trainer/evaluation';
import { isClassifier, shownValues } from './rowRecord';
import { type Scorer, checkProbeable } from './splitLoss';

export const DEFAULT_TOP = 10;

/** One row as the report shows it: where it came from, what it is, what the model makes of it. */
export interface RowReport {
  /** 1-based line of the CSV the row came from. */
  line: number;
  /** Original units for regression, the class label for classification, raw values otherwise. */
  target: number | string | number[];
  prediction: number | string | number[];
  /** The loss of the row alone (the loss's mean over a batch of that one row). */
  loss: number;
  /** ‖∂L/∂out_i‖, L the split's mean loss. */
  grad_norm: number;
  share: number;
}

export interface SplitRows {
  rows: number;
  mean_loss: number;
  /** The share of the gradient carried by the 1% of rows (at least one) that carry the most. */
  top_1pct_share: number;
  /** The `top` rows carrying the most, most first. */
  top: RowReport[];
}

/** Every row of a split, in split order: the basis of `SplitRows` and of views that show all rows. */
export interface RowScores {
  rows: Int32Array;
  out: Float64Array;
  loss: Float64Array;
  gradNorm: Float64Array;
}

/** The model's outputs, each row's loss and gradient norm on `rows` (indices into the dataset). */
export function scoreRows(scorer: Scorer, rows: Int32Array): RowScores {
  checkProbeable(scorer, 'rows');
  const { model, loss: spec, lossParams, data } = scorer;
  const n = rows.length;
  const k = model.outputSize;
  const tw = data.targetWidth;
  const out = new Float64Array(n * k);
  const target = new Float64Array(n * tw);
  const batches = new Batches(data, 1, EVAL_CHUNK);
  for (let from = 0; from < n; from += EVAL_CHUNK) {
    const count = Math.min(EVAL_CHUNK, n - from);
    batches.fill(rows, from, count, null);
    out.set(model.forward(batches.inputs(count), count), from * k);
    target.set(batches.targets(count), from * tw);
  }
  const taskParams = model.taskParams.length ? model.taskParams : undefined;
  const grad = new Float64Array(n * k);
  spec.compute({ outputs: [out], target, n, k, taskParams }, lossParams, [grad]);
  const loss = new Float64Array(n);
  const gradNorm = new Float64Array(n);
  // One row's batch, refilled for each row: a million small batches must not allocate a million times.
  const one = { outputs: [new Float64Array(k)], target: new Float64Array(tw), n: 1, k, taskParams };
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) one.outputs[0][j] = out[i * k + j];
    for (let j = 0; j < tw; j++) one.target[j] = target[i * tw + j];
    loss[i] = spec.compute(one, lossParams, null);
    let s = 0;
    for (let j = i * k; j < (i + 1) * k; j++) s += grad[j] * grad[j];
    gradNorm[i] = Math.sqrt(s);
  }
  return { rows, out, loss, gradNorm };
}

/** A split's rows summarized: its mean loss, how concentrated its gradient is, and the `top` rows carrying most. */
export function splitRows(scorer: Scorer, rows: Int32Array, top = DEFAULT_TOP): SplitRows {
  const s = scoreRows(scorer, rows);
  const n = rows.length;
  const total = s.gradNorm.reduce((a, v) => a + v, 0);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => s.gradNorm[b] - s.gradNorm[a]);
  const share = (i: number) => (total > 0 ? s.gradNorm[i] / total : 0);
  const onePercent = order.slice(0, Math.max(1, Math.ceil(n / 100)));
  return {
    rows: n,
    mean_loss: n ? s.loss.reduce((a, v) => a + v, 0) / n : NaN,
    top_1pct_share: onePercent.reduce((a, i) => a + share(i), 0),
    top: order.slice(0, top).map((i) => ({
      line: scorer.data.lines[rows[i]],
      ...shown(scorer.data, rows[i], s.out.subarray(i * (s.out.length / n), (i + 1) * (s.out.length / n))),
      loss: s.loss[i],
      grad_norm: s.gradNorm[i],
      share: share(i),
    })),
  };
}

/** A row's target and the model's prediction as a person reads them: a class's label, a number, or a list. */
function shown(data: Dataset, row: number, out: Float64Array): Pick<RowReport, 'target' | 'prediction'> {
  const { target, prediction } = shownValues(data, row, out);
  if (isClassifier(data)) return { target: data.classes![target[0]], prediction: data.classes![prediction[0]] };
  return target.length === 1 && prediction.length === 1 && data.task === 'regression'
    ? { target: target[0], prediction: prediction[0] }
    : { target, prediction };
}
