import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RowsIndex, SplitRecord } from '../../src/core/probe/rowRecord';
import { binLosses, heatLevel, logEdges, rowsCardView } from '../../src/views/rowsCard';

test('log edges span the smallest positive to the largest loss of every run, evenly in log10', () => {
  const edges = logEdges([Float64Array.of(0, 1e-3, 2), Float64Array.of(10, Infinity, NaN)], 4);
  assert.equal(edges.length, 5);
  assert.equal(edges[0], 1e-3);
  assert.equal(edges[4], 10);
  for (let i = 1; i < 5; i++) assert.ok(Math.abs(Math.log10(edges[i]) - Math.log10(edges[i - 1]) - 1) < 1e-12);
  assert.deepEqual(logEdges([Float64Array.of(0, 0)]), []);
  assert.deepEqual(logEdges([Float64Array.of(3, 3)]), [1.5, 6]);
});

test('bins count each loss in [edge i, edge i+1), the last closed, losses of 0 apart: as direct comparisons do', () => {
  let s = 3;
  const next = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const loss = Float64Array.from({ length: 5000 }, (_, i) => (i % 50 === 0 ? 0 : 10 ** (8 * next() - 6)));
  const edges = logEdges([loss], 40);
  // The edges themselves are losses too: they must land in the bin they open (the last edge in the last bin).
  const all = Float64Array.from([...loss, ...edges]);
  const { counts, zeros } = binLosses(all, edges);
  const expected = edges
    .slice(0, -1)
    .map((lo, i) => [...all].filter((v) => v >= lo && (i === 39 ? v <= edges[40] : v < edges[i + 1])).length);
  assert.deepEqual(counts, expected);
  assert.equal(zeros, 100);
  assert.equal(counts.reduce((a, v) => a + v, 0) + zeros, all.length);
});

test('the card lists each run top rows with class labels, its 1% shares, and histograms on shared edges', () => {
  const index: RowsIndex = {
    format: 1,
    loss: 'cross_entropy',
    gradient: 'output',
    target_width: 1,
    prediction_width: 1,
    classes: ['no', 'yes'],
    files: { train: '/d.csv', val: '/d.csv' },
    epochs: [],
  };
  const rows: SplitRecord = {
    loss: Float64Array.of(2, 1, 0.5),
    share: Float64Array.of(0.5, 0.3, 0.2),
    target: Float64Array.of(1, 0, 1),
    prediction: Float64Array.of(0, 0, 1),
    line: Int32Array.of(9, 4, 2),
  };
  const split = { rows: 3, mean_loss: 3.5 / 3, grad_norm_sum: 1, top_1pct_share: 0.5, top_1pct_loss_share: 0.5 };
  const entry = { epoch: 7, weights: 'final' as const, file: 'rows-final.bin', train: split, val: null };
  const view = rowsCardView([{ runId: 'r', name: 'run', index, entry, train: rows }], 2);
  assert.deepEqual(view.edges, logEdges([rows.loss]));
  const run = view.runs[0];
  assert.deepEqual(run.top, [
    { line: 9, target: 'yes', prediction: 'no', loss: 2, share: 0.5 },
    { line: 4, target: 'no', prediction: 'no', loss: 1, share: 0.3 },
  ]);
  assert.equal(
    run.counts.reduce((a, v) => a + v, 0),
    3,
  );
  assert.deepEqual([run.epoch, run.weights, run.rows, run.top1pctLossShare], [7, 'final', 3, 0.5]);
});

test('heat levels rise with the log of the loss from lo (level 0) to hi (the top level)', () => {
  assert.equal(heatLevel(0.5, 1, 1000, 8), 0);
  assert.equal(heatLevel(1, 1, 1000, 8), 0);
  assert.equal(heatLevel(NaN, 1, 1000, 8), 0);
  assert.equal(heatLevel(1000, 1, 1000, 8), 7);
  assert.equal(heatLevel(Infinity, 1, 1000, 8), 7);
  // log10(loss)/3 of the way: 10 → 8/3 → level 2, 100 → 16/3 → level 5.
  assert.equal(heatLevel(10, 1, 1000, 8), 2);
  assert.equal(heatLevel(100, 1, 1000, 8), 5);
  assert.equal(heatLevel(5, 1, 1, 8), 0);
});
