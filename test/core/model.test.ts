import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ACTIVATIONS, getActivation } from '../../src/core/model/activations';
import { erf } from '../../src/core/model/erf';
import { INIT_IDS } from '../../src/core/model/init';
import { Mlp } from '../../src/core/model/mlp';
import { Rng } from '../../src/core/rng';
import { fixturePath } from './fixtures';

test('erf matches the C library to double precision', () => {
  const { cases } = JSON.parse(readFileSync(fixturePath('erf.json'), 'utf8')) as {
    cases: { x: number; erf: number }[];
  };
  assert.ok(cases.length > 300);
  for (const c of cases) {
    const err = Math.abs(erf(c.x) - c.erf);
    assert.ok(
      err <= 4 * Number.EPSILON * Math.max(Math.abs(c.erf), 1e-300) || err === 0,
      `erf(${c.x}) = ${erf(c.x)}, libm ${c.erf}`,
    );
  }
});

/** f(x) at a few points, and f' by central differences, for every activation. */
test('every activation: derivative matches finite differences, away from kinks', () => {
  const xs = [-3.1, -1.2, -0.4, -0.05, 0.05, 0.3, 1.7, 4.2];
  for (const act of ACTIVATIONS) {
    for (const x of xs) {
      const at = (v: number) => {
        const a = new Float64Array(1);
        act.forward(Float64Array.of(v), a, 1);
        return a[0];
      };
      const a = Float64Array.of(at(x));
      const g = Float64Array.of(1);
      act.backward(Float64Array.of(x), a, g, 1);
      const h = 1e-6;
      const fd = (at(x + h) - at(x - h)) / (2 * h);
      assert.ok(Math.abs(g[0] - fd) < 1e-8, `${act.id}'(${x}) = ${g[0]}, finite difference ${fd}`);
    }
  }
});

test("activations at their kinks follow PyTorch (relu'(0) = 0, leaky'(0) = 0.01)", () => {
  const d = (id: string) => {
    const z = Float64Array.of(0);
    const a = new Float64Array(1);
    getActivation(id).forward(z, a, 1);
    const g = Float64Array.of(1);
    getActivation(id).backward(z, a, g, 1);
    return g[0];
  };
  assert.equal(d('relu'), 0);
  assert.equal(d('leaky_relu'), 0.01);
  assert.equal(d('elu'), 1);
  assert.equal(d('gelu'), 0.5);
  assert.throws(() => getActivation('rellu'), /unknown activation "rellu" \(did you mean relu\?\)/);
});

/** Loss = Σ c·out with fixed random c, so d loss/d out = c; compare parameter gradients to finite differences. */
test('MLP backward matches finite differences for every activation', () => {
  for (const act of ACTIVATIONS) {
    const rng = new Rng(3);
    const model = new Mlp([3, 5, 4, 2], act.id);
    model.init('xavier_normal', 11);
    for (let i = 0; i < model.params.length; i++) model.params[i] += 0.1 * rng.normal();
    const rows = 6;
    const x = Float64Array.from({ length: rows * 3 }, () => rng.normal());
    const c = Float64Array.from({ length: rows * 2 }, () => rng.normal());
    const f = () => model.forward(x, rows).reduce((s, v, i) => s + v * c[i], 0);
    f();
    model.grads.fill(0);
    model.backward(c, rows);
    const analytic = model.grads.slice();
    const h = 1e-6;
    for (let i = 0; i < model.params.length; i++) {
      const p = model.params[i];
      model.params[i] = p + h;
      const up = f();
      model.params[i] = p - h;
      const down = f();
      model.params[i] = p;
      const fd = (up - down) / (2 * h);
      assert.ok(
        Math.abs(analytic[i] - fd) < 1e-6 * Math.max(1, Math.abs(fd)),
        `${act.id} param ${i}: ${analytic[i]} vs ${fd}`,
      );
    }
  }
});

test('parameters round-trip through PyTorch layout, with per-layer views into one flat buffer', () => {
  const model = new Mlp([2, 3, 1], 'relu');
  const initial = [
    {
      weight: [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      bias: [7, 8, 9],
    },
    { weight: [[10, 11, 12]], bias: [13] },
  ];
  model.setParams(initial);
  assert.deepEqual(Array.from(model.params), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
  assert.deepEqual(model.getParams(), initial);
  model.layers[1].bias[0] = -1;
  assert.equal(model.params[12], -1);
  assert.throws(() => model.setParams([initial[0]]), /model.initial has 1 layers, the model has 2/);
});

test('initializers: bounds and variances from their closed forms, seeded', () => {
  const fanIn = 200;
  const fanOut = 100;
  const expected: Record<string, { bound?: number; std: number }> = {
    torch_default: { bound: 1 / Math.sqrt(fanIn), std: 1 / Math.sqrt(3 * fanIn) },
    xavier_uniform: { bound: Math.sqrt(6 / (fanIn + fanOut)), std: Math.sqrt(2 / (fanIn + fanOut)) },
    xavier_normal: { std: Math.sqrt(2 / (fanIn + fanOut)) },
    he_uniform: { bound: Math.sqrt(6 / fanIn), std: Math.sqrt(2 / fanIn) },
    he_normal: { std: Math.sqrt(2 / fanIn) },
  };
  for (const id of INIT_IDS) {
    const model = new Mlp([fanIn, fanOut], 'relu');
    model.init(id, 5);
    const w = model.layers[0].weight;
    const mean = w.reduce((s, v) => s + v, 0) / w.length;
    const std = Math.sqrt(w.reduce((s, v) => s + (v - mean) ** 2, 0) / w.length);
    const e = expected[id];
    assert.ok(Math.abs(std / e.std - 1) < 0.03, `${id}: std ${std}, expected ${e.std}`);
    if (e.bound !== undefined)
      assert.ok(
        w.every((v) => Math.abs(v) <= e.bound!),
        `${id} within ±${e.bound}`,
      );
    const again = new Mlp([fanIn, fanOut], 'relu');
    again.init(id, 5);
    assert.deepEqual(again.params, model.params, `${id} is deterministic for a seed`);
  }
});
