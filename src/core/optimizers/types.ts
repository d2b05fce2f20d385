import type { ParamSpec, Params } from '../params';

/** An optimizer bound to a parameter vector of fixed size; its state (moments, step count) lives inside. */
export interface Optimizer {
  /**
   * One update of `params` in place from `grads` (left unchanged), at learning rate `lr` (this step's value
   * of the schedule; the role of PyTorch's `param_group['lr']`).
   */
  step(params: Float64Array, grads: Float64Array, lr: number): void;
}

export interface OptimizerSpec {
  id: string;
  title: string;
  description: string;
  /** PyTorch's names and defaults, `lr` first. */
  params: readonly ParamSpec[];
  /**
   * Builds the optimizer for `size` parameters from resolved `p` (`p.lr` is the base rate; the rate of each
   * step comes through `step`). Invalid combinations throw a LossLabError whose field is the bare
   * parameter name (`nesterov`); `createOptimizer` places it under the config path.
   */
  create(size: number, p: Params): Optimizer;
}
