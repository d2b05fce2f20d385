/**
 * The MLP with batch norm and dropout: gradients against finite differences end to end, running
 * statistics and evaluation mode against their closed forms, dropout's masks against the draw order the
 * PyTorch export replays, and parameters in PyTorch layout. (The PyTorch training runs are the fidelity
 * train cases with `model.batch_norm`.)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dropoutMask } from '../../src/core/model/dropout';
import { type LayerParams, Mlp, type MlpOptions } from '../../src/core/model/mlp';
import { Rng } from '../../src/core/rng';
import { throwsLossLab } from './assertions';
import { type GradCheckTolerance, disagreements, numericGradient } from './gradcheck';

const TOL: GradCheckTolerance = { h: 1e-6, rtol: 1e-6, atol: 1e-8 };
const BN = { eps: 1e-5, momentum: 0.1 };

/** A model of sizes [3, 6, 5, 2] (padded widths, 7 rows: a padded panel) with perturbed weights. */
function model(activation: string, options: MlpOptions, seed = 3): { m: Mlp; x: Float64Array; c: Float64Array } {
  const rng = new Rng(seed);
  const m = new Mlp([3, 6, 5, 2], activation, options);
  m.init('xavier_normal', 11);
  for (let i = 0; i < m.params.length; i++) m.params[i] += 0.1 * rng.normal();
  const x = Float64Array.from({ length: 7 * 3 }, () => rng.normal());
  const c = Float64Array.from({ length: 7 * 2 }, () => rng.normal());
  return { m, x, c };
}

/**
 * d Σ(c ∘ output) / d params by backward and by central differences, the dropout masks the same in every
 * pass (the generator reseeded before each).
 */
function gradCheck(m: Mlp, x: Float64Array, c: Float64Array, training: boolean): string[] {
  const f = () => {
    m.dropoutRng = new Rng(99);
    return m.forward(x, 7, training).reduce((s, v, i) => s + v * c[i], 0);
  };
  f();
  m.grads.fill(0);
  m.backward(c, 7);
  const analytic = m.grads.slice();
  return disagreements(analytic, numericGradient(f, m.params, TOL.h), TOL, 'param');
}

test('an MLP with batch norm and dropout: backward matches finite differences in training mode', () => {
  for (const act of ['relu', 'tanh', 'gelu', 'sigmoid']) {
    const { m, x, c } = model(act, { batchNorm: BN, dropout: 0.3 });
    assert.deepEqual(gradCheck(m, x, c, true), [], act);
  }
  for (const options of [{ batchNorm: BN }, { dropout: 0.5 }]) {
    const { m, x, c } = model('relu', options);
    assert.deepEqual(gradCheck(m, x, c, true), [], JSON.stringify(options));
  }
});

test('in evaluation mode batch norm uses its running statistics as constants, and backward agrees', () => {
  const { m, x, c } = model('elu', { batchNorm: { eps: 1e-3, momentum: 0.3 }, dropout: 0.3 });
  const rng = new Rng(5);
  for (let i = 0; i < m.state.length; i++) m.state[i] = i % 12 < 6 ? rng.normal() : 0.5 + rng.uniform();
  const state = m.state.slice();
  assert.deepEqual(gradCheck(m, x, c, false), []);
  assert.deepEqual(m.state, state, 'an evaluation pass leaves the running statistics');
});

/** One hidden unit of batch norm between x and the output: out = w2 · tanh(γ · (w1 x + b1 − μ) / √(σ² + ε) + β) + b2. */
function tiny(momentum: number): Mlp {
  const m = new Mlp([1, 1, 1], 'tanh', { batchNorm: { eps: 0.01, momentum } });
  m.setParams([
    { weight: [[2]], bias: [0.5], bn: { weight: [1.5], bias: [-0.25], running_mean: [0.3], running_var: [2] } },
    { weight: [[-0.75]], bias: [0.125] },
  ]);
  return m;
}

test('a training pass normalises with the batch statistics and updates the running ones with the unbiased variance', () => {
  const m = tiny(0.25);
  const x = Float64Array.of(1, -2, 0.5);
  const z = Array.from(x, (v) => 2 * v + 0.5);
  const mean = z.reduce((a, b) => a + b) / 3;
  const biased = z.reduce((a, v) => a + (v - mean) ** 2, 0) / 3;
  const out = m.forward(x, 3, true);
  z.forEach((v, i) => {
    const expected = -0.75 * Math.tanh((1.5 * (v - mean)) / Math.sqrt(biased + 0.01) - 0.25) + 0.125;
    assert.ok(Math.abs(out[i] - expected) < 1e-14, `row ${i}: ${out[i]} vs ${expected}`);
  });
  const [rm, rv] = m.state;
  assert.ok(Math.abs(rm - (0.75 * 0.3 + 0.25 * mean)) < 1e-15);
  assert.ok(Math.abs(rv - (0.75 * 2 + (0.25 * biased * 3) / 2)) < 1e-15);
});

test('an evaluation pass normalises each row with the running statistics alone', () => {
  const m = tiny(0.1);
  for (const v of [1, -2, 0.5]) {
    const [out] = m.forward(Float64Array.of(v), 1);
    const expected = -0.75 * Math.tanh((1.5 * (2 * v + 0.5 - 0.3)) / Math.sqrt(2 + 0.01) - 0.25) + 0.125;
    assert.ok(Math.abs(out - expected) < 1e-14, `x = ${v}: ${out} vs ${expected}`);
  }
  throwsLossLab(
    () => m.forward(Float64Array.of(1), 1, true),
    'batch norm in training mode needs at least 2 rows, got 1',
  );
});

test("dropout's masks are drawn layer by layer, row by row, as dropoutMask draws them, and only in training", () => {
  const p = 0.4;
  const sizes = [2, 3, 5, 1];
  const m = new Mlp(sizes, 'relu', { dropout: p, dropoutSeed: 17 });
  m.init('torch_default', 2);
  const plain = new Mlp(sizes, 'relu');
  plain.params.set(m.params);
  const x = Float64Array.of(0.5, -1, 2, 0.25, -0.5, 1.5);
  assert.deepEqual(m.forward(x, 3), plain.forward(x, 3), 'evaluation: no dropout');
  const out = m.forward(x, 3, true);
  // The same network by hand, with the masks drawn from a generator seeded alike.
  const rng = new Rng(17);
  let h = Array.from({ length: 3 }, (_, r) => [x[2 * r], x[2 * r + 1]]);
  m.layers.forEach((layer, l) => {
    h = h.map((row) =>
      Array.from({ length: layer.outSize }, (_, o) =>
        row.reduce((s, v, i) => s + v * layer.weight[o * layer.inSize + i], layer.bias[o]),
      ),
    );
    if (l === m.layers.length - 1) return;
    const mask = dropoutMask(rng, 3 * layer.outSize, p);
    h = h.map((row, r) => row.map((v, o) => Math.max(v, 0) * (mask[r * layer.outSize + o] / (1 - p))));
  });
  h.forEach(([v], r) => assert.ok(Math.abs(out[r] - v) < 1e-14, `row ${r}: ${out[r]} vs ${v}`));
});

test('batch norm sits in the flat vector after its Linear layer; its running statistics round-trip as state', () => {
  const m = new Mlp([2, 3, 1], 'relu', { batchNorm: BN });
  assert.equal(m.params.length, 2 * 3 + 3 + 3 + 3 + 3 + 1);
  assert.deepEqual([m.layers[0].bn!.weightOffset, m.layers[0].bn!.biasOffset, m.layers[1].weightOffset], [9, 12, 15]);
  assert.equal(m.layers[1].bn, null);
  assert.deepEqual(Array.from(m.layers[0].bn!.weight), [1, 1, 1], "nn.BatchNorm1d's initial weight");
  assert.deepEqual(Array.from(m.state), [0, 0, 0, 1, 1, 1], 'running mean 0, running variance 1');
  const initial: LayerParams[] = [
    {
      weight: [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      bias: [7, 8, 9],
      bn: { weight: [10, 11, 12], bias: [13, 14, 15], running_mean: [16, 17, 18], running_var: [19, 20, 21] },
    },
    { weight: [[22, 23, 24]], bias: [25] },
  ];
  m.setParams(initial);
  assert.deepEqual(Array.from(m.params), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 22, 23, 24, 25]);
  assert.deepEqual(Array.from(m.state), [16, 17, 18, 19, 20, 21]);
  assert.deepEqual(m.getParams(), initial);
  m.grads.fill(1);
  assert.deepEqual(m.layerGradNorms(), [Math.sqrt(15), 2], "a layer's norm counts its batch norm");
  throwsLossLab(
    () => m.setParams([initial[0], { ...initial[1], bn: initial[0].bn }]),
    'model.initial[1].bn: this layer has no batch norm (it is the output layer, or model.batchNorm is off)',
    'model.initial[1].bn',
  );
  throwsLossLab(
    () => m.setParams([{ ...initial[0], bn: { ...initial[0].bn!, running_var: [1] } }, initial[1]]),
    'model.initial[0].bn must be {weight, bias, running_mean, running_var}, each of 3 numbers',
    'model.initial[0].bn',
  );
  throwsLossLab(() => new Mlp([2, 3, 1], 'relu', { dropout: 1 }), 'model.dropout must be in [0, 1), got 1');
});
