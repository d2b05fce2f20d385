/**
 * Runs one optimizer case of the PyTorch fidelity fixtures (test/fixtures/fidelity/optimizer.json) against
 * the core, for the fidelity test and the generic fidelity runner.
 */
import { clipByNorm, createOptimizer } from '../../src/core/optimizers';
import { type CaseResult, type Nested, type Tolerance, compare, flatten, guarded } from './cases';

export interface OptimizerCase {
  kind: 'optimizer';
  name: string;
  params: Record<string, unknown>;
  doc?: string;
  initial: Nested[];
  grads: Nested[][];
  expected: Nested[][];
  tolerance: Tolerance;
}

export function runOptimizerCase(c: OptimizerCase): CaseResult {
  return guarded(c.name, () => {
    const { clip_norm: clipNorm, ...given } = c.params;
    const params = flatten(c.initial);
    const { optimizer, params: resolved } = createOptimizer(c.name, params.length, given);
    const lr = resolved.lr as number;
    let maxErr = 0;
    for (let t = 0; t < c.grads.length; t++) {
      const grads = flatten(c.grads[t]);
      if (typeof clipNorm === 'number') clipByNorm(grads, clipNorm);
      optimizer.step(params, grads, lr);
      const r = compare(params, flatten(c.expected[t]), c.tolerance, `${c.name} step ${t}`);
      maxErr = Math.max(maxErr, r.maxErr);
      if (!r.ok) return { ...r, maxErr };
    }
    return { ok: true, maxErr };
  });
}
