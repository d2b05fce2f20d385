/**
 * The multitask objective: finite-difference checks of its gradient with respect to the model's outputs
 * and to the learned log-variances, and its weightings against their formulas.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Head } from '../../src/core/dataset/heads';
import { multitask } from '../../src/core/losses/multitask';
import type { LossBatch } from '../../src/core/losses';
import { resolveParams } from '../../src/core/params';
import { Rng } from '../../src/core/rng';
import { multitaskLoss } from '../../src/core/trainer/multitaskObjective';
import { gradCheck } from './gradcheck';
import { readFileSync } from 'node:fs';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { parseCsvText } from '../../src/core/csv';
import { buildDataset } from '../../src/core/dataset';
import { buildEngine, planRun } from '../../src/core/trainer/setup';
import type { MultitaskLoss } from '../../src/core/trainer/multitaskObjective';
import { fixturePath } from './fixtures';

const HEADS: Head[] = [
  { name: 'price', task: 'regression', classes: null, targetScaler: null },
  { name: 'churn', task: 'binary', classes: ['no', 'yes'], targetScaler: null },
  { name: 'tier', task: 'multiclass', classes: ['a', 'b', 'c'], targetScaler: null },
];
const TOL = { h: 1e-6, rtol: 1e-6, atol: 1e-9 };

function objective(given: Record<string, unknown>) {
  return multitaskLoss(HEADS, resolveParams(multitask.params, given, 'loss', 'multitask'));
}

/** 6 rows: outputs [price | churn logit | 3 tier logits], targets [price, churn, tier]. */
function batch(rng: Rng, taskParams?: Float64Array): LossBatch {
  const n = 6;
  const target = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) target.set([rng.normal(), i % 2, i % 3], i * 3);
  const outputs = [Float64Array.from({ length: n * 5 }, () => rng.normal())];
  return { outputs, target, n, k: 5, taskParams, taskGrads: taskParams && new Float64Array(3) };
}

for (const given of [
  { weighting: 'gradnorm' },
  { weighting: 'fixed', weights: [1, 0.5, 2] },
  { weighting: 'fixed', losses: 'huber,focal,multi_margin' },
  { weighting: 'uncertainty' },
  { weighting: 'dwa' },
]) {
  test(`multitask ${JSON.stringify(given)}: the output gradient matches finite differences`, () => {
    const loss = objective(given);
    const rng = new Rng(5);
    const logVars = loss.taskParamCount ? Float64Array.from([0.3, -0.4, 0.1]) : undefined;
    assert.equal(loss.outputSize('multitask', 0), 5);
    assert.deepEqual(gradCheck(loss, batch(rng, logVars), {}, TOL).slice(0, 5), []);
  });
}

test('uncertainty: d total / d log-variance matches finite differences, and the total is Σ L/(2e^s) + s/2', () => {
  const loss = objective({ weighting: 'uncertainty' });
  const s = Float64Array.from([0.3, -0.4, 0.1]);
  const b = batch(new Rng(9), s);
  const total = loss.compute(b, {}, [new Float64Array(30)]);
  const parts = loss.headLosses(b.outputs[0], b.target, b.n);
  const expected = parts.reduce((sum, l, k) => sum + l / (2 * Math.exp(s[k])) + s[k] / 2, 0);
  assert.ok(Math.abs(total - expected) < 1e-12, `${total} vs ${expected}`);
  const analytic = Float64Array.from(b.taskGrads!);
  for (let k = 0; k < 3; k++) {
    const at = s[k];
    s[k] = at + 1e-6;
    const up = loss.compute({ ...b, taskGrads: undefined }, {}, null);
    s[k] = at - 1e-6;
    const down = loss.compute({ ...b, taskGrads: undefined }, {}, null);
    s[k] = at;
    assert.ok(Math.abs(analytic[k] - (up - down) / 2e-6) < 1e-7, `log-variance ${k}`);
  }
});

test('dwa: weights 1 for two epochs, then K·softmax(L(t−1)/L(t−2) / T)', () => {
  const loss = objective({ weighting: 'dwa', temperature: 2 });
  const rng = new Rng(1);
  const epochLosses: number[][] = [];
  for (let epoch = 0; epoch < 4; epoch++) {
    const b = batch(rng);
    const before = loss.weights(new Float64Array(0));
    if (epoch < 2) assert.deepEqual(before, [1, 1, 1]);
    else {
      const r = [0, 1, 2].map((k) => epochLosses[epoch - 1][k] / epochLosses[epoch - 2][k]);
      const e = r.map((v) => Math.exp(v / 2));
      const sum = e.reduce((a, v) => a + v, 0);
      e.forEach((v, k) => assert.ok(Math.abs(before[k] - (3 * v) / sum) < 1e-12));
    }
    loss.compute(b, {}, [new Float64Array(30)]);
    epochLosses.push(loss.headLosses(b.outputs[0], b.target, b.n));
    loss.endEpoch!();
  }
});

test('bad multitask settings name the field and what to do', () => {
  assert.throws(() => objective({ losses: 'mse,bce' }), /loss.losses names 2 losses for 3 targets/);
  assert.throws(
    () => objective({ losses: 'mse,mse,cross_entropy' }),
    /loss 'mse' does not fit target 'churn', a binary head/,
  );
  assert.throws(() => objective({ weights: [1, 2] }), /loss.weights must have 3 numbers/);
});

test('gradnorm: the weights’ gradient is sign(G_k − Ḡ r_k^α)·‖∇_W L_k‖, with ‖∇_W L_k‖ from finite differences; then Σw = K', () => {
  const text = readFileSync(fixturePath('iris.csv', 'test/data'), 'utf8');
  const data = buildDataset(parseCsvText(text, 'iris.csv'), {
    task: 'multitask',
    target: ['species', 'petal_width_(cm)'],
  });
  const config = resolveRunConfig(
    {
      loss: { name: 'multitask', weighting: 'gradnorm', alpha: 1.5 },
      model: { hidden: [5], activation: 'tanh' },
      training: { batchSize: 'full', seed: 3 },
    },
    defaultConfig('iris.csv'),
  );
  const plan = planRun(config, data);
  const engine = buildEngine(plan);
  const { model } = engine;
  assert.deepEqual(Array.from(model.taskParams), [1, 1]);
  const rows = Array.from(data.train);
  const x = Float64Array.from(rows.flatMap((r) => Array.from(data.x.subarray(r * data.d, (r + 1) * data.d))));
  const y = Float64Array.from(rows.flatMap((r) => [data.y[r * 2], data.y[r * 2 + 1]]));
  const n = rows.length;
  const objective = engine.loss as MultitaskLoss;
  const headLosses = () => objective.headLosses(engine.predict(x, n), y, n);
  // ‖∇_W L_k‖ at the hidden layer's weights, by central differences.
  const shared = model.layers[0];
  const squares = [0, 0];
  for (let i = shared.weightOffset; i < shared.biasOffset; i++) {
    const at = model.params[i];
    model.params[i] = at + 1e-6;
    const up = headLosses();
    model.params[i] = at - 1e-6;
    const down = headLosses();
    model.params[i] = at;
    for (let k = 0; k < 2; k++) squares[k] += ((up[k] - down[k]) / 2e-6) ** 2;
  }
  const norms = squares.map(Math.sqrt);
  engine.accumulate(x, y, n, 1);
  // First step: every loss ratio is 1, so each target is the mean of G_k = w_k‖∇_W L_k‖ (w = 1).
  const meanG = (norms[0] + norms[1]) / 2;
  const expected = norms.map((v) => Math.sign(v - meanG) * v);
  for (let k = 0; k < 2; k++)
    assert.ok(Math.abs(model.taskGrads[k] - expected[k]) < 1e-6, `${model.taskGrads[k]} vs ${expected[k]}`);
  engine.update();
  assert.ok(Math.abs(model.taskParams[0] + model.taskParams[1] - 2) < 1e-12);
  assert.notEqual(model.taskParams[0], 1);
});
