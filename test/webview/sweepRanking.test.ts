import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SweepView } from '../../src/protocol/experimentViews';
import type { EpochPoint } from '../../src/protocol/webview';
import { bestWithNeighbours, sortRows, sweepMetric, sweepRows } from '../../src/views/sweepRanking';
import { epochPoint, runView } from './fixtures';

const final = (accuracy: number, valLoss: number) => ({ trainLoss: 0.5, valLoss, metrics: { accuracy } });

const sweep: SweepView = {
  name: 's',
  metric: null,
  params: [{ path: 'optimizer.lr', label: 'lr', dist: 'choice' }],
  runs: [
    { runId: 'a', values: [0.1] },
    { runId: 'b', values: [0.01] },
    { runId: 'c', values: [0.001] },
    { runId: 'd', values: [1] },
    { runId: 'e', values: [0.0001] },
    { runId: 'gone', values: [0.5] },
  ],
};
const runs = [
  runView('a', { final: final(0.9, 0.3) }),
  runView('b', { final: final(0.95, 0.2) }),
  runView('c', { final: final(0.8, 0.4) }),
  runView('d', { status: 'diverged', final: null }),
  runView('e', { status: 'running', final: null }),
  runView('other', { final: final(0.99, 0.1) }),
];
const epochs: Record<string, EpochPoint[]> = {
  a: [
    epochPoint(1, { metrics: { accuracy: 0.92 }, valLoss: 0.25 }),
    epochPoint(2, { metrics: { accuracy: 0.9 }, valLoss: 0.3 }),
  ],
  e: [epochPoint(1, { metrics: { accuracy: 0.7 }, valLoss: 0.6 })],
};
const epochsOf = (id: string) => epochs[id] ?? [];

test("the sweep's metric is its own, else the task's headline metric", () => {
  assert.equal(sweepMetric(sweep, runs), 'accuracy');
  assert.equal(sweepMetric(sweep, [runView('r', { task: 'regression' })]), 'r2');
  assert.equal(sweepMetric({ ...sweep, metric: 'f1' }, runs), 'f1');
});

test('rows are the shown runs of the sweep, best first; unfinished runs unranked, with their latest value', () => {
  const rows = sweepRows(sweep, runs, epochsOf, 'accuracy');
  assert.deepEqual(
    rows.map((r) => [r.run.id, r.rank, r.final]),
    [
      ['b', 1, 0.95],
      ['a', 2, 0.9],
      ['c', 3, 0.8],
      ['d', null, null],
      ['e', null, 0.7],
    ],
  );
  // Best over the epochs: 0.92 at epoch 1, though the run ended at 0.9.
  assert.deepEqual(rows.find((r) => r.run.id === 'a')!.best, { value: 0.92, epoch: 1 });
});

test('a loss ranks lowest first, and its best epoch is its lowest', () => {
  const rows = sweepRows(sweep, runs, epochsOf, 'val_loss');
  assert.deepEqual(
    rows.filter((r) => r.rank !== null).map((r) => r.run.id),
    ['b', 'a', 'c'],
  );
  assert.deepEqual(rows.find((r) => r.run.id === 'a')!.best, { value: 0.25, epoch: 1 });
});

test('best with neighbours: the best run and the k ranked after it', () => {
  const rows = sweepRows(sweep, runs, epochsOf, 'accuracy');
  assert.deepEqual(bestWithNeighbours(rows, 0), ['b']);
  assert.deepEqual(bestWithNeighbours(rows, 1), ['b', 'a']);
  assert.deepEqual(bestWithNeighbours(rows, 4), ['b', 'a', 'c']);
});

test('sorting by a column puts missing values last either way', () => {
  const rows = sweepRows(sweep, runs, epochsOf, 'accuracy');
  assert.deepEqual(
    sortRows(rows, { column: 'param', index: 0 }, false).map((r) => r.run.id),
    ['e', 'c', 'b', 'a', 'd'],
  );
  assert.deepEqual(
    sortRows(rows, { column: 'final' }, true).map((r) => r.run.id),
    ['b', 'a', 'c', 'e', 'd'],
  );
  assert.deepEqual(
    sortRows(rows, { column: 'rank' }, true).map((r) => r.run.id),
    ['c', 'a', 'b', 'd', 'e'],
  );
});
