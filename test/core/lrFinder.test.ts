import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import type { Dataset } from '../../src/core/dataset';
import { LossLabError } from '../../src/core/errors';
import { LR_FIND_DEFAULTS, findLearningRate, gradient, steepestDescent } from '../../src/core/lrFinder';
import { Rng } from '../../src/core/rng';
import { loadData } from '../../src/io/data';
import { dataset } from '../cli/run';

/**
 * Linear regression on d strongly correlated features (x_j = z + 0.3 e_j), standardized here, so that the
 * Hessian of the MSE has one large eigenvalue and full-batch gradient descent has a sharp stability limit.
 */
function correlatedRegression(n: number, d: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const z = rng.normal();
    for (let j = 0; j < d; j++) x[i * d + j] = z + 0.3 * rng.normal();
  }
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += x[i * d + j] / n;
    let variance = 0;
    for (let i = 0; i < n; i++) variance += (x[i * d + j] - mean) ** 2 / n;
    for (let i = 0; i < n; i++) x[i * d + j] = (x[i * d + j] - mean) / Math.sqrt(variance);
  }
  for (let i = 0; i < n; i++) {
    let s = 0.5;
    for (let j = 0; j < d; j++) s += (j % 2 ? -0.7 : 1) * x[i * d + j];
    y[i] = s + 0.1 * rng.normal();
  }
  const all = Int32Array.from({ length: n }, (_, i) => i);
  return {
    task: 'regression',
    n,
    d,
    x,
    y,
    targetWidth: 1,
    featureNames: Array.from({ length: d }, (_, j) => `x${j}`),
    targetNames: ['y'],
    classes: null,
    train: all,
    val: new Int32Array(0),
    scaler: { mean: new Array<number>(d).fill(0), std: new Array<number>(d).fill(1) },
    targetScaler: null,
    lines: all.map((i) => i + 2),
    warnings: [],
    missingReport: [],
    group: null,
    heads: null,
  };
}

/**
 * Largest eigenvalue of the MSE's Hessian in (w, b): H = (2/n) AᵀA with A = [X 1], by power iteration.
 * Gradient descent on this quadratic diverges exactly when lr > 2 / λ_max.
 */
function hessianMaxEigenvalue(data: Dataset): number {
  const { n, d, x } = data;
  let v = new Array<number>(d + 1).fill(1);
  let lambda = 0;
  for (let it = 0; it < 500; it++) {
    const av = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = v[d];
      for (let j = 0; j < d; j++) s += x[i * d + j] * v[j];
      av[i] = s;
    }
    const hv = new Array<number>(d + 1).fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) hv[j] += (2 / n) * x[i * d + j] * av[i];
      hv[d] += (2 / n) * av[i];
    }
    lambda = Math.hypot(...hv) / Math.hypot(...v);
    const norm = Math.hypot(...hv);
    v = hv.map((h) => h / norm);
  }
  return lambda;
}

const config = (raw: Record<string, unknown> = {}) =>
  resolveRunConfig(
    { loss: 'mse', optimizer: { name: 'sgd' }, training: { batchSize: 'full', shuffle: false }, ...raw },
    defaultConfig('synthetic.csv'),
  );

test('rates grow exponentially from min_lr, losses are smoothed with bias correction', () => {
  const data = correlatedRegression(200, 5, 1);
  const progress: [number, number, number][] = [];
  const r = findLearningRate(config(), data, { maxLr: 1e-3, steps: 30 }, (done, total, lr) =>
    progress.push([done, total, lr]),
  );
  assert.equal(r.lrs.length, 30);
  // One report per step, with the rate it tried.
  assert.deepEqual(
    progress,
    r.lrs.map((lr, i) => [i + 1, 30, lr]),
  );
  assert.equal(r.stopped, null);
  r.lrs.forEach((lr, i) => assert.ok(Math.abs(lr - 1e-8 * 1e5 ** (i / 30)) <= 1e-12 * lr, `lr ${i}`));
  // The bias-corrected average of the raw losses, written out for the first three points.
  const [a, b, c] = r.rawLosses;
  const beta = LR_FIND_DEFAULTS.beta;
  assert.ok(Math.abs(r.losses[0] - a) < 1e-12);
  assert.ok(Math.abs(r.losses[1] - ((1 - beta) * (beta * a + b)) / (1 - beta ** 2)) < 1e-12);
  assert.ok(Math.abs(r.losses[2] - ((1 - beta) * (beta * beta * a + beta * b + c)) / (1 - beta ** 3)) < 1e-12);
});

test('on a quadratic the test stops past the stability limit 2/λ_max and suggests a rate below it', () => {
  const data = correlatedRegression(400, 6, 2);
  const limit = 2 / hessianMaxEigenvalue(data);
  assert.ok(limit > 1e-2 && limit < 0.5, `limit ${limit}`);
  // The stiff direction has long converged when the rate passes the limit, so its growth from almost
  // nothing takes a few steps to show in the loss: the range goes to 10 rather than 1.
  const r = findLearningRate(config(), data, { maxLr: 10 });
  assert.ok(r.stopped !== null, 'stopped early');
  assert.ok(r.lrs.length < LR_FIND_DEFAULTS.steps, `${r.lrs.length} steps`);
  assert.ok(r.lrs[r.lrs.length - 1] > limit, `stopped at lr ${r.lrs[r.lrs.length - 1]}, below the limit ${limit}`);
  assert.ok(
    r.suggestion !== null && r.suggestion > 1e-4 && r.suggestion < limit,
    `suggestion ${r.suggestion} vs limit ${limit}`,
  );
  // The loss never grows while every rate is below the limit: gradient descent on a quadratic is then a contraction.
  for (let i = 1; i < r.rawLosses.length && r.lrs[i] < limit; i++)
    assert.ok(r.rawLosses[i] <= r.rawLosses[i - 1] + 1e-12, `step ${i}`);
});

test('the suggestion is the steepest descent by central differences, skipping the ends', () => {
  assert.deepEqual(gradient([0, 1, 4, 9]), [1, 2, 4, 5]);
  // Falls fastest between indices 3 and 5; index 0 → 1 is steeper but skipped.
  const losses = [10, 1, 0.99, 0.98, 0.5, 0.02, 0.01, 0.0, 5];
  assert.deepEqual(steepestDescent(losses, 1, 1), { index: 4, note: null });
  assert.equal(steepestDescent([1, 2], 10, 1).index, null);
});

test('bad ranges and pair losses are user errors', () => {
  const data = correlatedRegression(50, 2, 3);
  assert.throws(() => findLearningRate(config(), data, { minLr: 0 }), LossLabError);
  assert.throws(() => findLearningRate(config(), data, { minLr: 1e-3, maxLr: 1e-4 }), LossLabError);
  assert.throws(() => findLearningRate(config(), data, { steps: 1 }), LossLabError);
});

test('on a CSV loaded as training loads it: the closed-form rates, and a first loss near ln 3 on iris', async () => {
  const cfg = resolveRunConfig({ data: { target: 'species' } }, defaultConfig(dataset('iris.csv')));
  const { dataset: data } = await loadData(cfg);
  // Iris: 3 classes of 50, 10 of each held out.
  assert.equal(data.train.length, 120);
  const r = findLearningRate(cfg, data, { minLr: 1e-6, maxLr: 1e-1, steps: 40 });
  assert.equal(r.lrs.length, 40);
  r.lrs.forEach((lr, i) => assert.ok(Math.abs(lr - 1e-6 * 1e5 ** (i / 40)) <= 1e-12 * lr, `lr ${i}`));
  // From small random weights the softmax is near uniform over the 3 classes.
  assert.ok(Math.abs(r.rawLosses[0] - Math.log(3)) < 0.5, `first loss ${r.rawLosses[0]}`);
});

test('a ranking run batches whole queries: RankNet starts near ln 2; a multitask run weighted by gradnorm runs too', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-lrfind-'));
  const file = join(dir, 'queries.csv');
  const rows = Array.from({ length: 120 }, (_, i) => {
    const x = Math.sin(i * 1.7);
    return `q${i % 15},${x.toFixed(4)},${Math.cos(i).toFixed(4)},${x > 0.3 ? 2 : x > -0.3 ? 1 : 0}`;
  });
  writeFileSync(file, ['query,x1,x2,grade', ...rows].join('\n') + '\n');
  const ranking = resolveRunConfig(
    { data: { task: 'ranking', group: 'query', target: 'grade' }, loss: 'ranknet', model: { hidden: [4] } },
    defaultConfig(file),
  );
  const r = findLearningRate(ranking, (await loadData(ranking)).dataset, { minLr: 1e-6, maxLr: 1, steps: 30 });
  // From small random weights the scores of a query's rows are close: each pair's loss is near ln 2.
  assert.ok(Math.abs(r.rawLosses[0] - Math.log(2)) < 0.2, `first loss ${r.rawLosses[0]}`);
  const multitask = resolveRunConfig(
    {
      data: { task: 'multitask', target: ['species', 'petal_width_(cm)'] },
      loss: { name: 'multitask', weighting: 'gradnorm' },
      model: { hidden: [6] },
    },
    defaultConfig(dataset('iris.csv')),
  );
  const m = findLearningRate(multitask, (await loadData(multitask)).dataset, { minLr: 1e-6, maxLr: 1, steps: 30 });
  assert.ok(m.rawLosses.length > 10 && m.rawLosses.slice(0, 10).every(Number.isFinite), `${m.rawLosses}`);
  assert.ok(m.lrs.includes(m.suggestion!), `suggestion ${m.suggestion}`);
});
