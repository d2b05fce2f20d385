/**
 * The batch-norm and dropout kernels against finite differences and closed forms (the PyTorch values
 * are in the fidelity fixtures, layer.json).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type BatchNormOptions, batchNormBackward, batchNormForward } from '../../src/core/model/batchNorm';
import { dropoutBackward, dropoutForward, dropoutMask } from '../../src/core/model/dropout';
import { Rng } from '../../src/core/rng';
import { throwsLossLab } from './assertions';
import { type GradCheckTolerance, disagreements, numericGradient } from './gradcheck';

const rng = new Rng(20260105);
const TOL: GradCheckTolerance = { h: 1e-6, rtol: 1e-6, atol: 1e-8 };
const normals = (m: number) => Float64Array.from({ length: m }, () => rng.normal());

/** Checks d Σ(G ∘ output) / d(x, weight, bias) of batch norm against central differences. */
function checkBatchNorm(n: number, f: number, o: BatchNormOptions, setX?: (x: Float64Array) => void): string[] {
  const x = normals(n * f);
  setX?.(x);
  const [weight, bias, mean] = [normals(f), normals(f), normals(f)];
  const variance = Float64Array.from({ length: f }, () => 0.5 + rng.uniform());
  const G = normals(n * f);
  // A fresh state per call: a training-mode forward updates it.
  const forward = () =>
    batchNormForward(x, n, f, weight, bias, { runningMean: mean.slice(), runningVar: variance.slice() }, o);
  const objective = () => forward().output.reduce((s, v, i) => s + G[i] * v, 0);
  const g = batchNormBackward(forward().cache, G, weight);
  return [
    ...disagreements(g.gradInput, numericGradient(objective, x, TOL.h), TOL, 'grad_input'),
    ...disagreements(g.gradWeight, numericGradient(objective, weight, TOL.h), TOL, 'grad_weight'),
    ...disagreements(g.gradBias, numericGradient(objective, bias, TOL.h), TOL, 'grad_bias'),
  ];
}

test('batch norm gradients agree with finite differences, in training and eval mode', () => {
  for (const training of [true, false]) {
    assert.deepEqual(checkBatchNorm(6, 3, { eps: 1e-5, momentum: 0.1, training }), [], `training ${training}`);
    // Two rows: x̂ is ±1 and the input gradient nearly cancels.
    assert.deepEqual(checkBatchNorm(2, 2, { eps: 1e-3, momentum: 0.1, training }), [], `n = 2, training ${training}`);
  }
});

test('a constant feature (variance exactly 0) normalises to 0 and still has the right gradient', () => {
  const o = { eps: 1e-3, momentum: 0.1, training: true };
  assert.deepEqual(
    checkBatchNorm(4, 2, o, (x) => [0, 2, 4, 6].forEach((i) => (x[i] = 0.25))),
    [],
  );
  const state = { runningMean: Float64Array.of(0), runningVar: Float64Array.of(1) };
  const { output } = batchNormForward(
    Float64Array.of(0.25, 0.25, 0.25),
    3,
    1,
    Float64Array.of(2),
    Float64Array.of(0.5),
    state,
    o,
  );
  assert.deepEqual(Array.from(output), [0.5, 0.5, 0.5]);
  // The unbiased variance of a constant is 0 too: 0.9 · 1 + 0.1 · 0.
  assert.deepEqual([state.runningMean[0], state.runningVar[0]], [0.1 * 0.25, 0.9]);
});

test('training mode updates the running stats with the unbiased variance; eval mode leaves them', () => {
  // Rows 1, 3: mean 2, biased variance 1, unbiased 2.
  const state = { runningMean: Float64Array.of(0), runningVar: Float64Array.of(1) };
  const x = Float64Array.of(1, 3);
  const one = Float64Array.of(1);
  const zero = Float64Array.of(0);
  const { output } = batchNormForward(x, 2, 1, one, zero, state, { eps: 0.5, momentum: 0.25, training: true });
  const s = 1 / Math.sqrt(1.5);
  assert.deepEqual(Array.from(output), [-s, s]);
  assert.deepEqual([state.runningMean[0], state.runningVar[0]], [0.25 * 2, 0.75 * 1 + 0.25 * 2]);
  const before = [state.runningMean[0], state.runningVar[0]];
  batchNormForward(x, 2, 1, one, zero, state, { eps: 0.5, momentum: 0.25, training: false });
  assert.deepEqual([state.runningMean[0], state.runningVar[0]], before);
});

test('bad batch-norm settings are user errors naming the value', () => {
  const run = (o: BatchNormOptions, n = 3) =>
    batchNormForward(
      new Float64Array(n),
      n,
      1,
      Float64Array.of(1),
      Float64Array.of(0),
      { runningMean: Float64Array.of(0), runningVar: Float64Array.of(1) },
      o,
    );
  throwsLossLab(() => run({ eps: 0, momentum: 0.1, training: true }), 'batch norm eps must be > 0, got 0', 'eps');
  throwsLossLab(
    () => run({ eps: 1e-5, momentum: 1.5, training: true }),
    'batch norm momentum must be in [0, 1], got 1.5',
    'momentum',
  );
  throwsLossLab(
    () => run({ eps: 1e-5, momentum: 0.1, training: true }, 1),
    'batch norm in training mode needs at least 2 rows, got 1',
  );
  assert.doesNotThrow(() => run({ eps: 1e-5, momentum: 0.1, training: false }, 1));
});

test('dropout scales kept inputs by 1/(1 − p), zeroes the others, and its gradient is the same map', () => {
  const x = normals(8);
  const mask = Float64Array.of(1, 0, 1, 1, 0, 0, 1, 0);
  const out = dropoutForward(x, mask, 0.5);
  // A dropped negative input gives −0, as in PyTorch; === counts it as 0.
  out.forEach((v, i) => assert.ok(v === (mask[i] ? 2 * x[i] : 0), `${i}: ${v}`));
  const G = normals(8);
  const objective = () => dropoutForward(x, mask, 0.5).reduce((s, v, i) => s + G[i] * v, 0);
  assert.deepEqual(disagreements(dropoutBackward(G, mask, 0.5), numericGradient(objective, x, TOL.h), TOL, 'grad'), []);
  assert.deepEqual(Array.from(dropoutForward(Float64Array.of(3), Float64Array.of(0), 1)), [0]);
  throwsLossLab(() => dropoutForward(x, mask, -0.1), 'dropout p must be in [0, 1], got -0.1', 'p');
});

test('a dropout mask keeps about 1 − p of the elements', () => {
  const mask = dropoutMask(new Rng(7), 20000, 0.3);
  const kept = mask.reduce((s, v) => s + v, 0) / mask.length;
  assert.ok(Math.abs(kept - 0.7) < 0.02, `kept ${kept}`);
  assert.ok(mask.every((v) => v === 0 || v === 1));
});
