/**
 * L-BFGS and its line search against closed forms on quadratics and cubics (its PyTorch fidelity is in the
 * train fixtures, test/fidelity): the first iterations, the stopping rules, the evaluation count and the
 * strong Wolfe conditions.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createClosureOptimizer, createOptimizer } from '../../src/core/optimizers';
import { cubicInterpolate, strongWolfe } from '../../src/core/optimizers/strongWolfe';
import { close, throwsLossLab } from './assertions';

// f(x) = ½ xᵀAx with A symmetric positive definite; ∇f = Ax, minimum 0 at x = 0.
const A = [
  [3, 1],
  [1, 2],
];
const matVec = (m: number[][], v: ArrayLike<number>) => m.map((row) => row[0] * v[0] + row[1] * v[1]);
const dot2 = (a: ArrayLike<number>, b: ArrayLike<number>) => a[0] * b[0] + a[1] * b[1];

/** A closure over `x` that writes ∇f into `g` and counts its calls. */
function quadratic(x: Float64Array, g: Float64Array) {
  const calls = { n: 0 };
  const closure = () => {
    calls.n++;
    const ax = matVec(A, x);
    g[0] = ax[0];
    g[1] = ax[1];
    return 0.5 * dot2(x, ax);
  };
  return { closure, calls };
}

function lbfgs(given: Record<string, unknown>) {
  return createClosureOptimizer('lbfgs', 2, given).optimizer;
}

test('the first iteration steps min(1, 1/‖g‖₁)·lr along −g, and the last one is not re-evaluated', () => {
  const x = Float64Array.from([1, -2]);
  const g = new Float64Array(2);
  const { closure, calls } = quadratic(x, g);
  const g0 = matVec(A, x); // [1, -3], ‖g‖₁ = 4
  const evals = lbfgs({ max_iter: 1 }).step(x, g, 0.8, closure);
  assert.equal(evals, 1);
  assert.equal(calls.n, 1);
  const t = 0.8 / 4;
  close(x[0], 1 - t * g0[0]);
  close(x[1], -2 - t * g0[1]);
});

test('the second iteration is the BFGS inverse update of γI applied to the gradient', () => {
  const x0 = [1, -2];
  const x = Float64Array.from(x0);
  const g = new Float64Array(2);
  const { closure } = quadratic(x, g);
  const lr = 0.5;
  // max_eval's default (2 × 5/4 → 2) would end the step after the first iteration.
  assert.equal(lbfgs({ max_iter: 2, max_eval: 10 }).step(x, g, lr, closure), 2);
  // x1 from the first iteration, then d = −H g1 with H = (I − ρsyᵀ) γI (I − ρysᵀ) + ρssᵀ, γ = sᵀy / yᵀy.
  const g0 = matVec(A, x0);
  const t0 = Math.min(1, 1 / (Math.abs(g0[0]) + Math.abs(g0[1]))) * lr;
  const x1 = [x0[0] - t0 * g0[0], x0[1] - t0 * g0[1]];
  const g1 = matVec(A, x1);
  const s = [x1[0] - x0[0], x1[1] - x0[1]];
  const y = [g1[0] - g0[0], g1[1] - g0[1]];
  const rho = 1 / dot2(y, s);
  const gamma = dot2(s, y) / dot2(y, y);
  const left = [0, 1].map((i) => [0, 1].map((j) => (i === j ? 1 : 0) - rho * s[i] * y[j]));
  const right = [0, 1].map((i) => [0, 1].map((j) => (i === j ? 1 : 0) - rho * y[i] * s[j]));
  const H = [0, 1].map((i) =>
    [0, 1].map((j) => gamma * (left[i][0] * right[0][j] + left[i][1] * right[1][j]) + rho * s[i] * s[j]),
  );
  const d = matVec(H, g1).map((v) => -v);
  close(x[0], x1[0] + lr * d[0]);
  close(x[1], x1[1] + lr * d[1]);
});

test('with the strong-Wolfe line search one outer step all but solves a 2-D quadratic, and evals counts every call', () => {
  const x = Float64Array.from([1, -2]);
  const g = new Float64Array(2);
  const { closure, calls } = quadratic(x, g);
  const evals = lbfgs({ line_search_fn: 'strong_wolfe' }).step(x, g, 1, closure);
  assert.equal(evals, calls.n);
  // It stops once the loss changes by less than tolerance_change (1e-9), from 5.5 at the start.
  assert.ok(0.5 * dot2(x, matVec(A, x)) < 1e-10, `x = ${x[0]}, ${x[1]}`);
});

test('a gradient already within tolerance_grad ends the step at its first call without moving', () => {
  const x = Float64Array.from([1e-9, -1e-9]);
  const g = new Float64Array(2);
  const { closure, calls } = quadratic(x, g);
  assert.equal(lbfgs({}).step(x, g, 1, closure), 1);
  assert.equal(calls.n, 1);
  assert.deepEqual(Array.from(x), [1e-9, -1e-9]);
});

test('without a line search an outer step makes max_iter calls, or max_eval when fewer', () => {
  const run = (given: Record<string, unknown>) => {
    const x = Float64Array.from([1, -2]);
    const g = new Float64Array(2);
    return lbfgs(given).step(x, g, 0.1, quadratic(x, g).closure);
  };
  assert.equal(run({ max_iter: 10, max_eval: 4 }), 4);
  // The first call, then one after each iteration but the last.
  assert.equal(run({ max_iter: 10 }), 10);
});

test('the state carries over: a second outer step continues from the first one', () => {
  const together = Float64Array.from([1, -2]);
  const g = new Float64Array(2);
  lbfgs({ max_iter: 4 }).step(together, g, 0.3, quadratic(together, g).closure);
  const split = Float64Array.from([1, -2]);
  const opt = lbfgs({ max_iter: 2, max_eval: 10 });
  const { closure } = quadratic(split, g);
  opt.step(split, g, 0.3, closure);
  opt.step(split, g, 0.3, closure);
  // Two outer steps of 2 make the same moves as one of 4 (the second re-evaluates where the first stopped).
  close(split[0], together[0]);
  close(split[1], together[1]);
});

test('L-BFGS takes a closure: createOptimizer refuses it, and a huge history is refused', () => {
  throwsLossLab(() => createOptimizer('lbfgs', 2, {}), /^lbfgs re-evaluates the loss within a step/, 'optimizer.name');
  throwsLossLab(
    () => createClosureOptimizer('lbfgs', 10_000_000, { history_size: 100 }),
    /^optimizer\.history_size 100 keeps 15259 MB of curvature pairs for 10000000 weights; lower history_size/,
    'optimizer.history_size',
  );
  throwsLossLab(
    () => createClosureOptimizer('lbfgs', 2, { line_search_fn: 'wolfe' }),
    'optimizer.line_search_fn must be one of none, strong_wolfe, got "wolfe"',
  );
});

test('cubic interpolation finds the minimiser of a cubic or a quadratic, clamps it, and bisects without one', () => {
  // f = x³ − 3x: minimum at 1; f(0) = 0, f'(0) = −3, f(2) = 2, f'(2) = 9.
  close(cubicInterpolate(0, 0, -3, 2, 2, 9), 1);
  close(cubicInterpolate(2, 2, 9, 0, 0, -3), 1);
  // f = (x − 0.3)²: through x = −1 and x = 2.
  close(cubicInterpolate(-1, 1.69, -2.6, 2, 2.89, 3.4), 0.3);
  close(cubicInterpolate(-1, 1.69, -2.6, 2, 2.89, 3.4, [0.5, 1]), 0.5);
  // f = x³ + x is increasing, no minimum: the middle of the bounds.
  assert.equal(cubicInterpolate(-1, -2, 4, 1, 2, 4, [0, 4]), 2);
});

test('the line search returns a step satisfying the strong Wolfe conditions', () => {
  // φ(t) = f(x + t d) on f(x) = (x − 3)⁴ + x², from x = 0 along d = 1, starting at t = 1.
  const f = (x: number) => (x - 3) ** 4 + x * x;
  const df = (x: number) => 4 * (x - 3) ** 3 + 2 * x;
  const d = Float64Array.from([1]);
  const r = strongWolfe(
    (t) => ({ f: f(t), g: Float64Array.from([df(t)]) }),
    d,
    1,
    f(0),
    Float64Array.from([df(0)]),
    df(0),
  );
  assert.ok(r.f <= f(0) + 1e-4 * r.t * df(0), `sufficient decrease at t = ${r.t}`);
  assert.ok(Math.abs(df(r.t)) <= 0.9 * Math.abs(df(0)), `curvature at t = ${r.t}`);
  close(r.f, f(r.t));
  assert.ok(r.evals >= 1);
});
