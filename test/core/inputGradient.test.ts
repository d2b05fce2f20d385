/**
 * The input gradient of an MLP and the gradient penalty's gradient through it (the double backward),
 * against central finite differences, for every activation: the input gradient against differences of
 * the output in the input, the penalty's parameter gradient against differences of the penalty in each
 * parameter, and f'' against differences of f'.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACTIVATIONS, leakyRelu } from '../../src/core/model/activations';
import { gradientPenalty } from '../../src/core/model/inputGradient';
import { Mlp } from '../../src/core/model/mlp';
import { Rng } from '../../src/core/rng';
import { disagreements, numericGradient } from './gradcheck';

const TOL = { h: 1e-6, rtol: 1e-6, atol: 1e-8 };

function critic(activation: string, sizes: number[], seed: number, negativeSlope?: number): Mlp {
  const rng = new Rng(seed);
  const net = new Mlp(sizes, activation, { negativeSlope });
  net.init('xavier_normal', seed);
  for (let i = 0; i < net.params.length; i++) net.params[i] += 0.3 * rng.normal();
  return net;
}

const rowsOf = (rng: Rng, n: number) => Float64Array.from({ length: n }, () => rng.normal());

test("every activation's f'' matches finite differences of f', away from kinks", () => {
  const act = [...ACTIVATIONS, leakyRelu(0.2)];
  for (const f of act)
    for (const x of [-2.3, -0.7, -0.05, 0.05, 0.4, 1.9]) {
      const slope = (v: number) => {
        const a = new Float64Array(1);
        f.forward(Float64Array.of(v), a, 1);
        const g = Float64Array.of(1);
        f.backward(Float64Array.of(v), a, g, 1);
        return g[0];
      };
      const a = new Float64Array(1);
      f.forward(Float64Array.of(x), a, 1);
      const out = new Float64Array(1);
      f.curvature(Float64Array.of(x), a, out, 1);
      const fd = (slope(x + 1e-6) - slope(x - 1e-6)) / 2e-6;
      assert.ok(Math.abs(out[0] - fd) < 1e-7, `${f.id}''(${x}) = ${out[0]}, finite difference ${fd}`);
    }
});

test('Mlp.inputGradient matches finite differences of the weighted output, every activation', () => {
  for (const act of ACTIVATIONS) {
    const rng = new Rng(5);
    const net = critic(act.id, [3, 5, 4, 2], 7);
    const rows = 4;
    const x = rowsOf(rng, rows * 3);
    const c = rowsOf(rng, rows * 2);
    net.forward(x, rows);
    net.backward(c, rows);
    const grad = net.inputGradient(rows);
    const f = () => net.forward(x, rows).reduce((s, v, i) => s + v * c[i], 0);
    assert.deepEqual(disagreements(grad, numericGradient(f, x, TOL.h), TOL, `${act.id} dC/dx`), []);
  }
});

test('the penalty and its parameter gradient match finite differences, every activation and depth', () => {
  const nets: [string, number[], number?][] = [
    ...ACTIVATIONS.map((a): [string, number[]] => [a.id, [3, 6, 1]]),
    ...ACTIVATIONS.map((a): [string, number[]] => [a.id, [2, 5, 4, 1]]),
    ['leaky_relu', [2, 4, 1], 0.2],
  ];
  for (const [id, sizes, slope] of nets) {
    const rng = new Rng(9);
    const net = critic(id, sizes, 13, slope);
    const rows = 5;
    const x = rowsOf(rng, rows * sizes[0]);
    const lambda = 2.5;
    net.grads.fill(0);
    const gp = gradientPenalty(net, x, rows, lambda);
    const analytic = net.grads.slice();
    // The penalty from its definition: input gradients by finite differences of the forward pass.
    const direct = () => {
      const dx = numericGradient(() => net.forward(x, rows).reduce((s, v) => s + v, 0), x, 1e-5);
      let sum = 0;
      for (let r = 0; r < rows; r++) {
        const g = dx.subarray(r * sizes[0], (r + 1) * sizes[0]);
        sum += (Math.hypot(...g) - 1) ** 2;
      }
      return sum / rows;
    };
    assert.ok(Math.abs(gp - direct()) < 1e-7, `${id} [${sizes.join()}] gp ${gp}, from differences ${direct()}`);
    const penalty = () => lambda * gradientPenalty(net, x, rows, 0);
    const where = `${id} [${sizes.join()}] d(λ gp)/dθ`;
    assert.deepEqual(disagreements(analytic, numericGradient(penalty, net.params, TOL.h), TOL, where), []);
  }
});

test('the penalty leaves relu and leaky_relu biases below the output alone (f" = 0)', () => {
  for (const id of ['relu', 'leaky_relu']) {
    const net = critic(id, [2, 4, 1], 3);
    net.grads.fill(0);
    gradientPenalty(net, rowsOf(new Rng(1), 10), 5, 1);
    assert.deepEqual([...net.layers[0].gradBias], [0, 0, 0, 0]);
    assert.deepEqual([...net.layers[1].gradBias], [0]);
    assert.ok(net.layers[0].gradWeight.some((v) => v !== 0));
  }
});

test('a gradient penalty refuses a critic with several outputs or with batch norm', () => {
  assert.throws(() => gradientPenalty(new Mlp([2, 3, 2], 'tanh'), new Float64Array(2), 1, 1), /one output, got 2/);
  const bn = new Mlp([2, 3, 1], 'tanh', { batchNorm: { eps: 1e-5, momentum: 0.1 } });
  assert.throws(() => gradientPenalty(bn, new Float64Array(4), 2, 1), /without batch norm or dropout/);
});
