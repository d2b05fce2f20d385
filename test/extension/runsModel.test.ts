import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import type { RunRecord } from '../../src/core/store/records';
import type { RunSummary } from '../../src/core/trainer/events';
import { BoundedSeries } from '../../src/runs/boundedSeries';
import { LiveRun } from '../../src/runs/runManager';
import { progressText } from '../../src/views/liveRun';
import { buildRunGroups, headlineMetric, modelDescription } from '../../src/views/runsModel';

const config = (name: string) => resolveRunConfig({ name, loss: 'cross_entropy' }, defaultConfig('/d/iris.csv'));

function record(
  id: string,
  experiment: string | null,
  created: string,
  status: RunRecord['status'],
  summary: Partial<RunSummary> | null,
): RunRecord {
  return {
    id,
    dir: `/runs/${id}`,
    status,
    summary: summary as RunSummary | null,
    meta: { id, created, version: '0', dataHash: 'x', experiment, pid: 1, host: 'h', config: config(id) },
  };
}

test('runs are grouped by experiment, newest first, with status icons and the headline metric', () => {
  const done = {
    status: 'completed' as const,
    final: { epoch: 5, trainLoss: 0.2, valLoss: 0.3, metrics: { accuracy: 0.9625 } },
    timing: { trainSeconds: 4.12 },
  };
  const groups = buildRunGroups(
    [
      record('a', 'outliers', '2026-01-01T00:00:00Z', 'completed', done),
      record('b', 'outliers', '2026-01-02T00:00:00Z', 'interrupted', null),
      record('c', null, '2026-01-03T00:00:00Z', 'diverged', {
        ...done,
        status: 'diverged',
        final: null,
        message: 'loss became NaN at step 3',
      }),
    ],
    [],
    '/runs',
  );
  assert.deepEqual(
    groups.map((g) => [g.experiment, g.runs.map((r) => r.label)]),
    [
      ['Single runs', ['c']],
      ['outliers', ['b', 'a']],
    ],
  );
  const [b, a] = groups[1].runs;
  assert.equal(a.description, 'acc 0.963 · 4.1 s');
  assert.equal(a.icon, 'pass');
  assert.equal(b.icon, 'debug-disconnect');
  assert.equal(b.description, 'interrupted');
  assert.equal(groups[0].runs[0].icon, 'warning');
  assert.match(groups[0].runs[0].tooltip, /loss became NaN at step 3/);
  assert.match(a.tooltip, /optimizer: adam, lr 0\.01/);
  assert.equal(a.contextValue, 'run.done');
});

test('a live run shows its progress with a spinner and replaces its own record', () => {
  const live = new LiveRun('live-1', config('x'), 'outliers', null);
  live.status = 'running';
  live.runDir = '/runs/x';
  live.epoch = 12;
  live.lastLoss = 0.2134;
  live.startedAt = Date.parse('2026-02-01T00:00:00Z');
  const groups = buildRunGroups([record('x', 'outliers', '2026-02-01T00:00:00Z', 'running', null)], [live], '/runs');
  assert.equal(groups[0].runs.length, 1);
  const item = groups[0].runs[0];
  assert.equal(item.icon, 'sync~spin');
  assert.equal(item.description, 'epoch 12/50 · loss 0.213');
  assert.equal(item.contextValue, 'run.active');
  assert.equal(item.liveKey, 'live-1');
});

test('progress text: paused first, the epochs the run announced, the loss once there is one', () => {
  const live = new LiveRun('live-2', config('y'), null, null);
  live.epoch = 3;
  assert.equal(progressText(live), 'epoch 3/50');
  live.paused = true;
  live.lastLoss = 0.012345;
  assert.equal(progressText(live), 'paused · epoch 3/50 · loss 0.0123');
  live.start = { epochs: 7 } as LiveRun['start'];
  assert.match(progressText(live), /^paused · epoch 3\/7 · /);
});

test('a finished live run recorded in another folder is left out; a running one stays', () => {
  const run = (key: string, status: LiveRun['status'], runDir: string | null) => {
    const live = new LiveRun(key, config(key), null, null);
    live.status = status;
    live.runDir = runDir;
    return live;
  };
  const live = [
    run('old-done', 'completed', '/default/.losslab/runs/old-done'),
    run('old-running', 'running', '/default/.losslab/runs/old-running'),
    run('here-done', 'completed', '/runs/here-done'),
    run('never-recorded', 'failed', null),
  ];
  const keys = buildRunGroups([], live, '/runs').flatMap((g) => g.runs.map((r) => r.liveKey));
  assert.deepEqual(keys.sort(), ['here-done', 'never-recorded', 'old-running']);
});

test('headline metrics', () => {
  assert.equal(headlineMetric({ r2: 0.51234 }, 0.4), 'R² 0.512');
  // Every task's headline has a label: a ranking run's NDCG@10, a multitask run's mean score.
  assert.equal(headlineMetric({ 'ndcg@10': 0.94331, map: 1 }, 0.4), 'NDCG@10 0.943');
  assert.equal(headlineMetric({ mean_score: 0.9741, 'churn/accuracy': 0.97 }, -2.4), 'mean score 0.974');
  assert.equal(headlineMetric({ token_accuracy: 0.5 }, 1), 'token acc 0.500');
  assert.equal(headlineMetric({}, 0.41234), 'val loss 0.412');
  assert.equal(headlineMetric(undefined, null), null);
});

test('a bounded series keeps at most its capacity, spread over the whole run', () => {
  const s = new BoundedSeries<number>(100);
  for (let i = 0; i < 100_000; i++) s.push(i);
  assert.ok(s.length < 100 && s.length >= 50, `length ${s.length}`);
  assert.equal(s.values[0], 0);
  assert.ok(s.values[s.length - 1] > 98_000, `last ${s.values[s.length - 1]}`);
  const gaps = s.values.slice(1).map((v, i) => v - s.values[i]);
  assert.ok(
    gaps.every((g) => g === gaps[0]),
    'evenly spaced',
  );
});

test('the model in a few words: hidden layers, batch norm and dropout when on; a record from before them reads as without', () => {
  const model = (raw: Record<string, unknown>) => resolveRunConfig({ model: raw }, defaultConfig('d.csv')).model;
  assert.equal(modelDescription(model({ hidden: [64, 32] })), 'hidden 64×32');
  assert.equal(
    modelDescription(model({ hidden: [16], batchNorm: true, dropout: 0.2 })),
    'hidden 16, batch norm, dropout 0.2',
  );
  assert.equal(modelDescription(model({})), 'linear');
  const { batchNorm: _b, dropout: _d, ...older } = model({ hidden: [8] });
  assert.equal(modelDescription(older as ReturnType<typeof model>), 'hidden 8');
});

test('a run trained through Redis shows where: queued in Redis, then its worker, and the attempts on record', () => {
  const live = new LiveRun('live-2', config('r'), 'remote', null);
  live.remote = { worker: null, attempts: 0 };
  let item = buildRunGroups([], [live], '/runs')[0].runs[0];
  assert.equal(item.description, 'queued in Redis');
  assert.match(item.tooltip, /\nworker: none yet \(queued in Redis\)/);
  live.status = 'running';
  live.remote = { worker: 'gpu-box:71', attempts: 1 };
  item = buildRunGroups([], [live], '/runs')[0].runs[0];
  assert.equal(item.description, 'epoch 0/50 · on gpu-box:71');

  const rec = record('d', 'remote', '2026-03-01T00:00:00Z', 'completed', {
    status: 'completed',
    final: { epoch: 5, trainLoss: 0.2, valLoss: 0.3, metrics: { accuracy: 0.5 } },
    timing: { trainSeconds: 2 },
  } as Partial<RunSummary>);
  const recorded = buildRunGroups([{ ...rec, remote: { worker: 'b', attempts: 2, workers: ['a', 'b'] } }], [], '/runs');
  assert.match(recorded[0].runs[0].tooltip, /\nworker: b; attempts on a, b\n/);
  // A local run's tooltip has no worker line.
  assert.doesNotMatch(buildRunGroups([rec], [], '/runs')[0].runs[0].tooltip, /worker:/);
});
