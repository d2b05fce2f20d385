/**
 * The loss along the straight line between two solutions, θ(α) = (1 − α)·θ_A + α·θ_B (Goodfellow, Vinyals
 * and Saxe 2015, "Qualitatively characterizing neural network optimization problems"), on the training and
 * validation rows, in evaluation mode. Batch-norm running statistics and task parameters move along the
 * same line as the weights: the model at α is the blend of every number the two models hold.
 */
import { LossLabError } from '../errors';
import { type FlatWeights, setFlatWeights } from '../model/weights';
import { Batches } from '../trainer/batches';
import { EVAL_CHUNK } from '../trainer/evaluation';
import { type Scorer, checkProbeable, splitLoss } from './splitLoss';

export const DEFAULT_POINTS = 41;

export interface Interpolation {
  alpha: number[];
  train_loss: number[];
  /** null at every point without a validation split. */
  val_loss: (number | null)[];
}

/** `points` evenly spaced values from 0 to 1, both ends included. */
export function alphas(points: number): number[] {
  if (!Number.isInteger(points) || points < 2)
    throw new LossLabError(`--points must be a whole number of at least 2 (both ends of the line), got ${points}`, {
      field: '--points',
    });
  return Array.from({ length: points }, (_, i) => (i === points - 1 ? 1 : i / (points - 1)));
}

/** Scores `scorer.model` at each α between `a` (α = 0) and `b` (α = 1); the model is left at α = 1. */
export function interpolate(scorer: Scorer, a: FlatWeights, b: FlatWeights, points = DEFAULT_POINTS): Interpolation {
  checkProbeable(scorer, 'interpolate');
  const { model, data } = scorer;
  const at: FlatWeights = { params: new Float64Array(a.params.length), state: new Float64Array(a.state.length) };
  const batches = new Batches(data, 1, EVAL_CHUNK);
  const result: Interpolation = { alpha: alphas(points), train_loss: [], val_loss: [] };
  for (const alpha of result.alpha) {
    blend(a.params, b.params, alpha, at.params);
    blend(a.state, b.state, alpha, at.state);
    setFlatWeights(model, at);
    result.train_loss.push(splitLoss(scorer, data.train, batches));
    result.val_loss.push(data.val.length ? splitLoss(scorer, data.val, batches) : null);
  }
  return result;
}

/** out = (1 − α)·a + α·b, exact at both ends. */
function blend(a: Float64Array, b: Float64Array, alpha: number, out: Float64Array): void {
  if (alpha === 0) return out.set(a);
  if (alpha === 1) return out.set(b);
  for (let i = 0; i < a.length; i++) out[i] = (1 - alpha) * a[i] + alpha * b[i];
}
