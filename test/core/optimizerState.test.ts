import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OPTIMIZERS, createClosureOptimizer, createOptimizer } from '../../src/core/optimizers';
import { loadState, saveState, stateToJson } from '../../src/core/optimizers/state';
import type { Closure } from '../../src/core/optimizers/types';
import { throwsLossLab } from './assertions';

/** Settings that switch on each optimizer's optional state (momentum buffers, AMSGrad, centered averages). */
const VARIANTS: Record<string, Record<string, unknown>[]> = {
  sgd: [{}, { momentum: 0.9 }, { momentum: 0.9, nesterov: true }],
  rmsprop: [{}, { momentum: 0.5, centered: true }],
  adam: [{}, { amsgrad: true }],
  adagrad: [{ lr_decay: 0.1 }],
  lbfgs: [{}, { line_search_fn: 'strong_wolfe', history_size: 3 }],
};

const SIZE = 7;

/** f(x) = Σ c_i·(x_i − i/3)² + 0.1·Σ x_i⁴: curved enough that every state moves. */
function gradient(x: Float64Array, g: Float64Array): number {
  let f = 0;
  for (let i = 0; i < x.length; i++) {
    const c = 1 + i / 2;
    const d = x[i] - i / 3;
    f += c * d * d + 0.1 * x[i] ** 4;
    g[i] = 2 * c * d + 0.4 * x[i] ** 3;
  }
  return f;
}

function stepper(id: string, given: Record<string, unknown>) {
  const closure = OPTIMIZERS.find((o) => o.id === id)!.closure === true;
  const o = closure
    ? createClosureOptimizer(id, SIZE, { lr: 0.05, ...given }).optimizer
    : createOptimizer(id, SIZE, { lr: 0.05, ...given }).optimizer;
  return {
    optimizer: o,
    /** `n` steps from `x` in place. */
    run(x: Float64Array, n: number): void {
      const g = new Float64Array(SIZE);
      const f: Closure = () => gradient(x, g);
      for (let k = 0; k < n; k++) {
        if ('closure' in o) o.step(x, g, 0.5, f);
        else {
          gradient(x, g);
          o.step(x, g, 0.05 * (1 + k / 10));
        }
      }
    },
  };
}

for (const spec of OPTIMIZERS)
  for (const given of VARIANTS[spec.id] ?? [{}])
    test(`${spec.id} ${JSON.stringify(given)}: a saved state, loaded into a new optimizer (also through JSON), continues exactly`, () => {
      const x = Float64Array.from({ length: SIZE }, (_, i) => Math.cos(i) * 2);
      const a = stepper(spec.id, given);
      a.run(x, 4);
      const saved = saveState(a.optimizer);
      const json = JSON.parse(JSON.stringify(stateToJson(saved)));
      const atCheckpoint = x.slice();
      a.run(x, 3);
      const expected = x.slice();
      for (const state of [saved, json]) {
        const b = stepper(spec.id, given);
        loadState(b.optimizer, state);
        const y = atCheckpoint.slice();
        b.run(y, 3);
        assert.deepEqual(Array.from(y), Array.from(expected));
      }
      // Without the state a fresh optimizer goes elsewhere, so the state is what made the difference; plain
      // SGD alone has no state to lose.
      const fresh = stepper(spec.id, given);
      const z = atCheckpoint.slice();
      fresh.run(z, 3);
      const stateless = spec.id === 'sgd' && !given.momentum;
      if (stateless) assert.deepEqual(Array.from(z), Array.from(expected));
      else assert.notDeepEqual(Array.from(z), Array.from(expected));
    });

test('a state that does not fit is refused, naming what differs', () => {
  const adam = createOptimizer('adam', SIZE, {}).optimizer;
  const sgd = createOptimizer('sgd', SIZE, { momentum: 0.9 }).optimizer;
  throwsLossLab(
    () => loadState(adam, saveState(sgd)),
    /the saved optimizer state holds first, momentum_buffer, this optimizer exp_avg, exp_avg_sq, max_exp_avg_sq, step/,
  );
  const small = createOptimizer('adam', SIZE - 1, {}).optimizer;
  throwsLossLab(() => loadState(adam, saveState(small)), /state's exp_avg does not fit this model's parameters/);
});
