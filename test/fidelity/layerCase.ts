/**
 * Runs one `layer` case (layer.json): a forward pass on `input`, then the backward pass from
 * `grad_output`; every field of `expected` (output, gradients, updated running statistics) must match.
 */
import { batchNormBackward, batchNormForward } from '../../src/core/model/batchNorm';
import { dropoutBackward, dropoutForward } from '../../src/core/model/dropout';
import { type CaseResult, type Nested, type Tolerance, all, compare, flatten, guarded } from './cases';

export interface LayerCase {
  kind: 'layer';
  name: string;
  params: Record<string, unknown>;
  doc?: string;
  input: Record<string, Nested>;
  grad_output: number[][];
  expected: Record<string, Nested>;
  tolerance: Tolerance;
}

type Outputs = Record<string, ArrayLike<number>>;

function batchNorm(c: LayerCase): Outputs {
  const x = c.input.x as number[][];
  const [n, f] = [x.length, x[0].length];
  const arr = (name: string) => flatten([c.input[name]]);
  const { mode, eps, momentum } = c.params as { mode: string; eps: number; momentum: number };
  if (mode !== 'train' && mode !== 'eval') throw new Error(`batch_norm mode ${String(mode)}`);
  const weight = arr('weight');
  const state = { runningMean: arr('running_mean'), runningVar: arr('running_var') };
  const { output, cache } = batchNormForward(arr('x'), n, f, weight, arr('bias'), state, {
    eps,
    momentum,
    training: mode === 'train',
  });
  const g = batchNormBackward(cache, flatten(c.grad_output), weight);
  return {
    output,
    grad_input: g.gradInput,
    grad_weight: g.gradWeight,
    grad_bias: g.gradBias,
    running_mean: state.runningMean,
    running_var: state.runningVar,
  };
}

function dropout(c: LayerCase): Outputs {
  const p = c.params.p as number;
  const mask = flatten([c.input.mask]);
  return {
    output: dropoutForward(flatten([c.input.x]), mask, p),
    grad_input: dropoutBackward(flatten(c.grad_output), mask, p),
  };
}

const LAYERS: Record<string, (c: LayerCase) => Outputs> = { batch_norm: batchNorm, dropout };

export function runLayerCase(c: LayerCase): CaseResult {
  return guarded(c.name, () => {
    const layer = LAYERS[c.name];
    if (!layer) throw new Error(`unsupported layer ${c.name}`);
    const got = layer(c);
    // Every expected field must be produced: a missing one fails rather than being skipped.
    return all(
      Object.entries(c.expected).map(([key, want]) => compare(got[key] ?? [], flatten([want]), c.tolerance, key)),
    );
  });
}
