/**
 * One outer step of an optimizer that takes a closure (L-BFGS) on the whole training set, as PyTorch's
 * `optimizer.step(closure)` with closure = zero the gradient, loss on every training row plus the L1/L2
 * penalties, backward. The step reports the closure's first evaluation: the data loss and gradient norm at
 * the parameters the step started from, and how many evaluations it made.
 */
import type { RunConfig } from '../config/types';
import { LossLabError } from '../errors';
import { getOptimizer } from '../optimizers';
import type { ClosureOptimizer } from '../optimizers/types';
import type { StepEngine, UpdateResult } from './step';

export interface ClosureUpdate extends UpdateResult {
  /** Data loss at the first evaluation (without the penalties). */
  loss: number;
  evals: number;
}

/**
 * `x` and `target` are all `rows` model inputs of the training set and their targets; `group` each row's
 * group, for ranking losses.
 */
export function closureStep(
  engine: StepEngine,
  optimizer: ClosureOptimizer,
  x: Float64Array,
  target: Float64Array,
  rows: number,
  group?: Float64Array,
): ClosureUpdate {
  const { model } = engine;
  const { params, grads } = model;
  let loss = NaN;
  let layerGradNorms: number[] = [];
  let evals = 0;
  const closure = () => {
    grads.fill(0);
    const value = engine.accumulate(x, target, rows, 1, group);
    // The penalties belong to the objective the line search sees, so they are in the value too.
    const penalty = engine.addPenalties();
    if (evals++ === 0) {
      loss = value;
      layerGradNorms = model.layerGradNorms();
    }
    return value + penalty;
  };
  const lr = engine.schedule.lr(engine.step);
  let gradNorm = NaN;
  const move = engine.move(() => {
    optimizer.step(params, grads, lr, closure);
    gradNorm = Math.sqrt(layerGradNorms.reduce((s, v) => s + v * v, 0));
    // A step from a non-finite loss or gradient moved nowhere meaningful: undo it.
    return Number.isFinite(loss) && Number.isFinite(gradNorm);
  });
  return { lr, loss, gradNorm, layerGradNorms, ...move, evals };
}

/**
 * How a message tells the user to change a setting: `path` is its config path, `value` what to set it to
 * (null: remove it). The default speaks of the experiment file; the CLI names its flags.
 */
export type SettingFix = (path: string, value: string | null) => string;

const fileFix: SettingFix = (path, value) =>
  value === null ? `remove ${path}` : `set ${path} to ${JSON.stringify(value)}`;

/**
 * The error for training settings that make no sense with an optimizer that takes a closure (L-BFGS): it
 * steps once an epoch on the whole training set, and its line search and curvature pairs need the true
 * gradient of the one objective it evaluates. Null when the config is fine or its optimizer takes a gradient.
 */
export function closureConflict(config: RunConfig, fix: SettingFix = fileFix): LossLabError | null {
  const id = config.optimizer.name;
  if (!getOptimizer(id).closure) return null;
  const t = config.training;
  const problem = (field: string, why: string, value: string | null) =>
    new LossLabError(`${id} ${why}: ${fix(field, value)}`, { field });
  if (t.batchSize !== 'full') return problem('training.batchSize', 'trains full batch', 'full');
  if (t.accumulate !== 1)
    return problem('training.accumulate', 'trains full batch, so there is nothing to accumulate', null);
  if (t.clipNorm !== null)
    return problem('training.clipNorm', 'needs the true gradient for its line search and curvature', null);
  if (t.clipValue !== null)
    return problem('training.clipValue', 'needs the true gradient for its line search and curvature', null);
  if (config.loss.weighting === 'gradnorm')
    return problem(
      'loss.weighting',
      'needs one objective for its line search, and gradnorm moves the task weights on a second one',
      'uncertainty',
    );
  return null;
}
