import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveExperiment } from '../../src/core/config/experiment';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { seedRuns } from '../../src/core/seeds/repeat';
import { groupSummaries } from '../../src/core/seeds/summary';
import { expandSweep, parseSweep } from '../../src/core/sweep';
import { close, throwsLossLab } from './assertions';

const base = () => resolveRunConfig({ name: 'mse', loss: 'mse' }, defaultConfig('d.csv'));

test('seedRuns: one run per seed, named and grouped by the configuration, the seed as training.seed', () => {
  const config = resolveRunConfig({ seeds: [3, 1, 2] }, base());
  const runs = seedRuns(config);
  assert.deepEqual(
    runs.map((r) => [r.name, r.group, r.training.seed]),
    [
      ['mse seed=3', 'mse', 3],
      ['mse seed=1', 'mse', 1],
      ['mse seed=2', 'mse', 2],
    ],
  );
  for (const r of runs) assert.equal(r.seeds, undefined);
  // Everything else is the configuration's own.
  const { name: _n, group: _g, training, ...rest } = runs[0];
  const { name: _m, seeds: _s, training: t0, ...own } = config;
  assert.deepEqual(rest, own);
  assert.deepEqual({ ...training, seed: t0.seed }, t0);
  assert.deepEqual(seedRuns(base()), [base()]);
});

test('a run as recorded (with its group) resolves to the same JSON, as a remote worker checks', () => {
  const withPretrain = resolveRunConfig({ seeds: [1, 2], pretrain: { method: 'info_nce' } }, base());
  for (const run of seedRuns(withPretrain))
    assert.equal(JSON.stringify(resolveRunConfig(JSON.parse(JSON.stringify(run)))), JSON.stringify(run));
});

test('seeds: bad lists are named by their field', () => {
  throwsLossLab(() => resolveRunConfig({ seeds: [1] }, base()), /seeds must be a list of 2 to 100 seeds/, 'seeds');
  throwsLossLab(() => resolveRunConfig({ seeds: 3 }, base()), /seeds must be a list/, 'seeds');
  throwsLossLab(() => resolveRunConfig({ seeds: [1, 1.5] }, base()), /whole numbers.*1\.5/, 'seeds');
  throwsLossLab(() => resolveRunConfig({ seeds: [1, 2, 1] }, base()), /lists seed 1 twice/, 'seeds');
  throwsLossLab(() => parseSweep({ grid: { loss: ['mse', 'huber'] }, seeds: [-1, 2] }), /whole numbers/, 'sweep.seeds');
});

test('experiment files: shared seeds repeat every run, a run may set its own or none (null)', () => {
  const exp = resolveExperiment(
    {
      data: { path: 'd.csv' },
      seeds: [1, 2],
      runs: [
        { name: 'mse', loss: 'mse' },
        { name: 'huber', loss: 'huber', seeds: [5, 6, 7] },
        { name: 'once', seeds: null },
      ],
    },
    '/w/x.losslab.json',
  );
  assert.deepEqual(
    exp.runs.flatMap(seedRuns).map((r) => r.name),
    ['mse seed=1', 'mse seed=2', 'huber seed=5', 'huber seed=6', 'huber seed=7', 'once'],
  );
});

test('a sweep repeats each point over its seeds (the sweep block first, else the shared ones)', () => {
  const spec = parseSweep({ grid: { loss: ['mse', 'huber'] }, seeds: [1, 2] });
  const runs = expandSweep(spec, base());
  assert.deepEqual(
    runs.map((r) => [r.name, r.config.group, r.config.training.seed, r.point.loss]),
    [
      ['loss=mse seed=1', 'loss=mse', 1, 'mse'],
      ['loss=mse seed=2', 'loss=mse', 2, 'mse'],
      ['loss=huber seed=1', 'loss=huber', 1, 'huber'],
      ['loss=huber seed=2', 'loss=huber', 2, 'huber'],
    ],
  );
  const shared = resolveRunConfig({ seeds: [4, 5, 6] }, base());
  assert.equal(expandSweep(parseSweep({ grid: { loss: ['mse', 'huber'] } }), shared).length, 6);
});

test('groupSummaries: mean and sample std of each final value by hand; runs without a group left out', () => {
  const snap = (trainLoss: number, valLoss: number | null, accuracy: number) => ({
    epoch: 3,
    trainLoss,
    valLoss,
    metrics: { accuracy },
  });
  const groups = groupSummaries([
    { name: 'a seed=1', group: 'a', seed: 1, final: snap(1, 2, 0.5) },
    { name: 'b seed=1', group: 'b', seed: 1, final: snap(4, 4, 0.9) },
    { name: 'a seed=2', group: 'a', seed: 2, final: snap(3, null, 0.7) },
    { name: 'a seed=3', group: 'a', seed: 3, final: null },
    { name: 'lone', seed: 0, final: snap(9, 9, 0.1) },
  ]);
  assert.deepEqual(
    groups.map((g) => [g.group, g.seeds]),
    [
      ['a', [1, 2, 3]],
      ['b', [1]],
    ],
  );
  const a = groups[0].values;
  assert.deepEqual([a.train_loss.mean, a.train_loss.n], [2, 2]);
  close(a.train_loss.std, Math.SQRT2);
  assert.deepEqual(a.val_loss, { mean: 2, std: 0, n: 1 });
  close(a.accuracy.mean, 0.6);
  close(a.accuracy.std, Math.sqrt(0.02));
});
