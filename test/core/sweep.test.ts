import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { parseJsonc, resolveExperiment } from '../../src/core/config/experiment';
import type { Dataset } from '../../src/core/dataset';
import { LossLabError } from '../../src/core/errors';
import { expandSweep, gridSize, parseSweep, rankRuns, sweepPoints, sweepRunCount } from '../../src/core/sweep';
import { shareDataset } from '../../src/runs/sharedData';
import type { RunSummary } from '../../src/core/trainer/events';
import { experimentLenses } from '../../src/views/lensPositions';

const base = { ...defaultConfig('/data/x.csv'), name: 'base' };

function rejects(raw: unknown, message: RegExp, field?: string): void {
  assert.throws(
    () => parseSweep(raw),
    (e: unknown) =>
      e instanceof LossLabError && message.test(e.message) && (field === undefined || e.where.field === field),
  );
}

test('a grid is every combination, the first setting varying slowest, with names made of the values', () => {
  const spec = parseSweep({
    grid: { 'optimizer.lr': [0.1, 0.01, 0.001], loss: ['mse', { name: 'huber', delta: 0.5 }] },
  });
  assert.equal(gridSize(spec.axes), 6);
  const runs = expandSweep(spec, base);
  assert.deepEqual(
    runs.map((r) => r.name),
    [
      'lr=0.1 loss=mse',
      'lr=0.1 loss=huber(delta=0.5)',
      'lr=0.01 loss=mse',
      'lr=0.01 loss=huber(delta=0.5)',
      'lr=0.001 loss=mse',
      'lr=0.001 loss=huber(delta=0.5)',
    ],
  );
  assert.deepEqual(
    runs.map((r) => [r.config.optimizer.lr, r.config.loss.name, r.config.loss.delta ?? null]),
    [
      [0.1, 'mse', null],
      [0.1, 'huber', 0.5],
      [0.01, 'mse', null],
      [0.01, 'huber', 0.5],
      [0.001, 'mse', null],
      [0.001, 'huber', 0.5],
    ],
  );
  // Everything not swept comes from the base.
  for (const r of runs) assert.deepEqual(r.config.training, base.training);
  assert.deepEqual(runs[1].point, { 'optimizer.lr': 0.1, loss: { name: 'huber', delta: 0.5 } });
});

test('component parameters: loss.delta and its alias loss.params.delta, set after the loss itself', () => {
  const alias = expandSweep(parseSweep({ grid: { 'loss.params.delta': [0.5, 2], loss: ['huber'] } }), base);
  assert.deepEqual(
    alias.map((r) => [r.name, r.config.loss]),
    [
      ['delta=0.5 loss=huber', { name: 'huber', delta: 0.5 }],
      ['delta=2 loss=huber', { name: 'huber', delta: 2 }],
    ],
  );
  // smooth_l1 has no delta: the run is named and the field given.
  assert.throws(
    () => expandSweep(parseSweep({ grid: { loss: ['huber', 'smooth_l1'], 'loss.delta': [0.5] } }), base),
    (e: unknown) =>
      e instanceof LossLabError &&
      /^sweep run 'loss=smooth_l1 delta=0\.5': loss\.delta is not a parameter of smooth_l1/.test(e.message) &&
      e.where.field === 'loss.delta',
  );
  const hidden = expandSweep(
    parseSweep({ grid: { 'model.hidden': [[64], [32, 32], []], 'training.batchSize': [16, 'full'] } }),
    base,
  );
  assert.deepEqual(
    hidden.map((r) => [r.config.model.hidden, r.config.training.batchSize]),
    [
      [[64], 16],
      [[64], 'full'],
      [[32, 32], 16],
      [[32, 32], 'full'],
      [[], 16],
      [[], 'full'],
    ],
  );
});

test('bad values are reported by field, for the run that has them', () => {
  assert.throws(
    () => expandSweep(parseSweep({ grid: { 'optimizer.lr': [0.1, -1] } }), base),
    (e: unknown) =>
      e instanceof LossLabError &&
      /^sweep run 'lr=-1': optimizer\.lr must be/.test(e.message) &&
      e.where.field === 'optimizer.lr',
  );
  assert.throws(
    () => expandSweep(parseSweep({ grid: { 'training.batchsize': [1, 2] } }), base),
    (e: unknown) =>
      e instanceof LossLabError &&
      /training\.batchsize is not a known field \(did you mean 'batchSize'\?\)/.test(e.message),
  );
});

test('the sweep block is checked: one method, lists for a grid, ranges for random search, a budget', () => {
  rejects({}, /needs exactly one of "grid"/, 'sweep');
  rejects({ grid: { 'optimizer.lr': [0.1] }, random: { 'optimizer.lr': [0.1] } }, /needs exactly one of/);
  rejects({ grid: {} }, /sweep\.grid must name at least one setting/, 'sweep.grid');
  rejects({ grid: { 'optimizer.lr': 0.1 } }, /must be a list of values, got 0\.1/, 'sweep.grid["optimizer.lr"]');
  rejects({ grid: { 'optimizer.lr': { logUniform: [1e-4, 1e-1] } } }, /ranges belong to random search/);
  rejects({ grid: { 'optimizer.lr': [] } }, /must list at least one value/);
  rejects({ grid: { 'optimizer.lr': [0.1, 0.1] } }, /lists 0\.1 twice/);
  rejects({ grid: { lr: [0.1] } }, /is not a config path; paths start with data, model/, 'sweep.grid["lr"]');
  rejects({ grid: { model: [1] } }, /names a whole section; sweep one of its fields, such as model\.hidden/);
  rejects({ grid: { 'loss.delta': [1], 'loss.params.delta': [2] } }, /is the same setting as "loss\.delta"/);
  rejects(
    { random: { 'optimizer.lr': { logUniform: [1e-4, 1e-1] } } },
    /sweep\.budget is required with random search/,
    'sweep.budget',
  );
  rejects({ random: { 'optimizer.lr': { logUniform: [0, 1] } }, budget: 3 }, /logUniform\[0\] must be in \(0, inf\)/);
  rejects({ random: { 'optimizer.lr': { uniform: [1, 1] } }, budget: 3 }, /must have low < high/);
  rejects({ random: { 'optimizer.lr': { normal: [0, 1] } }, budget: 3 }, /normal is not a known field/);
  rejects({ grid: { 'optimizer.lr': [0.1] }, budget: 0 }, /sweep\.budget must be in \[1, /);
  rejects({ grid: { 'optimizer.lr': [0.1] }, metric: 'acc' }, /sweep\.metric must be one of val_loss/);
  rejects(
    { grid: { 'optimizer.lr': [0.1] }, budgett: 3 },
    /sweep\.budgett is not a known field \(did you mean 'budget'\?\)/,
  );
  const many = Array.from({ length: 101 }, (_, i) => i + 1);
  rejects({ grid: { 'training.epochs': many, 'training.seed': many } }, /10201 combinations, more than 10000/);
});

test('a grid with a smaller budget is a seeded subset of distinct combinations, in grid order', () => {
  const spec = parseSweep({
    grid: { 'optimizer.lr': [1, 2, 3, 4, 5], 'training.seed': [0, 1, 2, 3] },
    budget: 7,
    seed: 3,
  });
  assert.equal(sweepRunCount(spec), 7);
  const points = sweepPoints(spec).map((p) => JSON.stringify(p));
  assert.equal(new Set(points).size, 7);
  assert.deepEqual(
    points,
    [...points].sort((a, b) => grid(a) - grid(b)),
  );
  assert.deepEqual(sweepPoints(spec), sweepPoints(spec));
  assert.notDeepEqual(sweepPoints(spec), sweepPoints({ ...spec, seed: 4 }));
  assert.equal(sweepPoints({ ...spec, budget: 50 }).length, 20);
  function grid(p: string): number {
    const [lr, seed] = JSON.parse(p) as number[];
    return (lr - 1) * 4 + seed;
  }
});

test('random search: log-uniform puts as many draws in each decade, uniform and int stay in range', () => {
  const spec = parseSweep({
    random: {
      'optimizer.lr': { logUniform: [1e-4, 1e-1] },
      'training.l2': { uniform: [0, 0.01] },
      'training.epochs': { int: [3, 5] },
      'model.hidden': [[8], [4, 4]],
    },
    budget: 3000,
    seed: 1,
  });
  const points = sweepPoints(spec);
  assert.equal(points.length, 3000);
  const decades = [0, 0, 0];
  const epochs = new Map<number, number>();
  for (const [lr, l2, e, h] of points as [number, number, number, number[]][]) {
    assert.ok(lr >= 1e-4 && lr <= 1e-1 && l2 >= 0 && l2 < 0.01 && [3, 4, 5].includes(e) && [1, 2].includes(h.length));
    decades[Math.min(2, Math.floor(Math.log10(lr) + 4))]++;
    epochs.set(e, (epochs.get(e) ?? 0) + 1);
  }
  // Each third has probability 1/3: a binomial(3000, 1/3) is within ±4.5 standard deviations (±116) all but never.
  for (const count of [...decades, ...epochs.values()])
    assert.ok(Math.abs(count - 1000) < 116, `${decades} ${[...epochs.values()]}`);
  const runs = expandSweep({ ...spec, budget: 3 }, base);
  assert.match(runs[0].name, /^#1 lr=\d\.\d+e-\d|^#1 lr=0\.\d{1,3}\d*/);
  assert.equal(new Set(runs.map((r) => r.name)).size, 3);
});

test('experiment files: the sweep is checked with the file and field, and varies the shared settings', () => {
  const text = `{
    "data": {"path": "housing.csv"},
    "training": {"epochs": 7},
    "runs": [{"name": "a", "loss": "mae"}],
    // the sweep varies the shared settings, not the runs
    "sweep": {"grid": {"optimizer.lr": [0.1, 0.01], "loss": ["mse", "huber"]}, "metric": "rmse"}
  }`;
  const exp = resolveExperiment(parseJsonc(text, '/w/e.losslab.json'), '/w/e.losslab.json');
  assert.equal(exp.base.data.path, '/w/housing.csv');
  assert.equal(exp.sweep?.metric, 'rmse');
  const runs = expandSweep(exp.sweep!, exp.base);
  assert.equal(runs.length, 4);
  for (const r of runs) assert.equal(r.config.training.epochs, 7);
  assert.throws(
    () =>
      resolveExperiment(
        parseJsonc('{"data": {"path": "x.csv"}, "sweep": {"grid": {"optimizer.lr": 0.1}}}', 'f.json'),
        'f.json',
      ),
    (e: unknown) =>
      e instanceof LossLabError &&
      /^f\.json: sweep\.grid\["optimizer\.lr"\] must be a list/.test(e.message) &&
      e.where.file === 'f.json',
  );
});

test('the size the editor lens shows is the number of runs the sweep makes', () => {
  const blocks = [
    '{"grid": {"optimizer.lr": [0.1, 0.01, 0.001], "loss": ["mse", "huber"]}}',
    '{"random": {"optimizer.lr": {"logUniform": [1e-4, 1e-1]}, "model.hidden": [[64], [32, 32]]}, "budget": 12, "seed": 0}',
    '{"grid": {"training.batchSize": [1, 10, 100, "full"]}, "budget": 3}',
  ];
  for (const block of blocks) {
    const lens = experimentLenses(`{"data": {"path": "x.csv"}, "sweep": ${block}}`).find((l) => l.kind === 'sweep');
    assert.equal(lens?.kind === 'sweep' ? lens.size : null, sweepRunCount(parseSweep(JSON.parse(block))), block);
  }
});

test('ranking: best first by the metric and its direction; unfinished runs last', () => {
  const summary = (status: RunSummary['status'], accuracy: number, valLoss: number) =>
    ({ status, final: { epoch: 1, trainLoss: 1, valLoss, metrics: { accuracy } } }) as unknown as RunSummary;
  const runs = [
    { id: 'a', s: summary('completed', 0.8, 0.5) },
    { id: 'b', s: summary('diverged', 0.99, 0.1) },
    { id: 'c', s: summary('completed', 0.9, 0.7) },
    { id: 'd', s: null },
    { id: 'e', s: summary('early_stopped', 0.85, 0.3) },
  ];
  assert.deepEqual(
    rankRuns(runs, (r) => r.s, 'accuracy').map((r) => r.id),
    ['c', 'e', 'a', 'b', 'd'],
  );
  assert.deepEqual(
    rankRuns(runs, (r) => r.s, 'val_loss').map((r) => r.id),
    ['e', 'a', 'c', 'b', 'd'],
  );
});

test('a shared dataset has its arrays in SharedArrayBuffers with the same values', () => {
  const d = {
    x: Float64Array.from([1, 2, 3, 4]),
    y: Float64Array.from([0, 1]),
    train: Int32Array.from([0]),
    val: Int32Array.from([1]),
    lines: Int32Array.from([2, 3]),
    featureNames: ['a', 'b'],
  } as unknown as Dataset;
  const s = shareDataset(d);
  for (const k of ['x', 'y', 'train', 'val', 'lines'] as const) {
    assert.ok(s[k].buffer instanceof SharedArrayBuffer, k);
    assert.deepEqual(Array.from(s[k]), Array.from(d[k]));
  }
  assert.deepEqual(s.featureNames, ['a', 'b']);
});
