import type { ParamSpec, Params } from '../params';
import type { OptimizerState } from './state';

/** An optimizer bound to a parameter vector of fixed size; its state (moments, step count) lives inside. */
export interface Optimizer {
  /** Everything the next step reads besides its arguments (see state.ts); `step` updates it in place. */
  readonly state: OptimizerState;
  /**
   * One update of `params` in place from `grads` (left unchanged), at learning rate `lr` (this step's value
   * of the schedule; the role of PyTorch's `param_group['lr']`).
   */
  step(params: Float64Array, grads: Float64Array, lr: number): void;
}

/**
 * The objective re-evaluated at the current parameters, as PyTorch's `step(closure)` takes it: returns its
 * value and writes its gradient into the gradient buffer the optimizer was given.
 */
export type Closure = () => number;

/**
 * An optimizer that evaluates the objective itself, several times in one step (L-BFGS and its line search),
 * so it takes a closure instead of a gradient. A kind of its own rather than an optional argument of
 * `Optimizer.step`: every caller of a gradient step would otherwise have to say what a closure-less call
 * means, and the trainer steps it on the whole training set, not on mini-batches.
 */
export interface ClosureOptimizer {
  readonly closure: true;
  readonly state: OptimizerState;
  /**
   * One outer step: moves `params` in place, calling `closure` (which reads `params` and writes `grads`)
   * as often as it needs, the first time at `params` as given. Returns how many times it called it.
   */
  step(params: Float64Array, grads: Float64Array, lr: number, closure: Closure): number;
}

interface Described {
  id: string;
  title: string;
  description: string;
  /** PyTorch's names and defaults, `lr` first. */
  params: readonly ParamSpec[];
}

/** An optimizer stepped with a gradient (every one but L-BFGS). */
export interface GradientOptimizerSpec extends Described {
  closure?: false;
  /**
   * Builds the optimizer for `size` parameters from resolved `p` (`p.lr` is the base rate; the rate of each
   * step comes through `step`). Invalid combinations throw a LossLabError whose field is the bare
   * parameter name (`nesterov`); `createOptimizer` places it under the config path.
   */
  create(size: number, p: Params): Optimizer;
}

/** An optimizer stepped with a closure: it trains full batch, one outer step per epoch. */
export interface ClosureOptimizerSpec extends Described {
  closure: true;
  create(size: number, p: Params): ClosureOptimizer;
}

export type OptimizerSpec = GradientOptimizerSpec | ClosureOptimizerSpec;
