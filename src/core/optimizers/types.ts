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
  create(size: number, p: Params): Optimizer;
}
