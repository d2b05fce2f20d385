/** The optimizer registry: ids as in PyTorch (and the fidelity fixtures) to specs. */
import { LossLabError, findById, underPath } from '../errors';
import { resolveParams, type Params } from '../params';
import { adadelta } from './adadelta';
import { adagrad } from './adagrad';
import { adam, adamw } from './adam';
import { adamax } from './adamax';
import { adan } from './adan';
import { lbfgs } from './lbfgs';
import { lion } from './lion';
import { nadam } from './nadam';
import { radam } from './radam';
import { rmsprop } from './rmsprop';
import { sgd } from './sgd';
import type { ClosureOptimizer, Optimizer, OptimizerSpec } from './types';

export type { Closure, ClosureOptimizer, Optimizer, OptimizerSpec } from './types';
export { clipByNorm, clipByValue, globalNorm } from './clip';

export const OPTIMIZERS: readonly OptimizerSpec[] = [
  sgd,
  adagrad,
  rmsprop,
  adam,
  adamw,
  nadam,
  radam,
  adamax,
  adadelta,
  lion,
  adan,
  lbfgs,
];

/** `field` names where the id came from (`optimizer.name`), for the error's location. */
export function getOptimizer(id: string, field?: string): OptimizerSpec {
  return findById('optimizer', OPTIMIZERS, id, field);
}

/**
 * Validates `given` against the optimizer's parameters (messages name `path.field`) and builds it for
 * `size` parameters. `params.lr` is the base rate to hand to the schedule. For an optimizer stepped with a
 * gradient; one that needs a closure (`spec.closure`, L-BFGS) is an error here: see `createClosureOptimizer`.
 */
export function createOptimizer(
  id: string,
  size: number,
  given: Record<string, unknown>,
  path = 'optimizer',
): { optimizer: Optimizer; params: Params } {
  const spec = getOptimizer(id, `${path}.name`);
  if (spec.closure)
    throw new LossLabError(
      `${spec.id} re-evaluates the loss within a step (a closure) and cannot be stepped with a gradient here; choose another optimizer`,
      { field: `${path}.name` },
    );
  const params = resolveParams(spec.params, given, path, spec.id);
  return underPath(path, () => ({ optimizer: spec.create(size, params), params }));
}

/** As `createOptimizer`, for an optimizer that takes a closure (L-BFGS). */
export function createClosureOptimizer(
  id: string,
  size: number,
  given: Record<string, unknown>,
  path = 'optimizer',
): { optimizer: ClosureOptimizer; params: Params } {
  const spec = getOptimizer(id, `${path}.name`);
  if (!spec.closure) throw new Error(`${spec.id} takes a gradient, not a closure`);
  const params = resolveParams(spec.params, given, path, spec.id);
  return underPath(path, () => ({ optimizer: spec.create(size, params), params }));
}
