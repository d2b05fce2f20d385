/** The end-of-run views the host sends, from a run's summary and its predictions.json. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RunSummary } from '../../src/core/trainer/events';
import { readPredictions, runResults } from '../../src/views/runResults';
import { tempDir } from '../cli/run';

function summary(patch: Partial<RunSummary>): RunSummary {
  return {
    status: 'completed',
    task: 'binary',
    epochs: 1,
    steps: 1,
    final: { epoch: 1, trainLoss: 0.5, valLoss: 0.6, metrics: {} },
    best: null,
    confusion: [
      [5, 1],
      [2, 4],
    ],
    classes: ['no', 'yes'],
    history: { trainLoss: [0.5], valLoss: [0.6] },
    message: null,
    divergedAtStep: null,
    timing: { trainSeconds: 1 },
    ...patch,
  };
}

test('a finished classifier: its matrix, labels and per-class figures; on the training split without a validation split', () => {
  const r = runResults(summary({}), null);
  assert.ok(r && r.kind === 'classification');
  assert.deepEqual(r.classes, ['no', 'yes']);
  assert.equal(r.split, 'validation');
  // Class "yes": precision 4 / (1 + 4), recall 4 / (2 + 4).
  assert.equal(r.report.perClass[1].precision, 4 / 5);
  assert.equal(r.report.perClass[1].recall, 4 / 6);
  const noVal = runResults(summary({ final: { epoch: 1, trainLoss: 0.5, valLoss: null, metrics: {} } }), null);
  assert.equal(noVal?.split, 'training');
});

test('nothing for a running run, an embedding run, or a matrix that does not fit its labels', () => {
  assert.equal(runResults(summary({ status: 'running' }), null), null);
  assert.equal(runResults(summary({ task: 'embedding', confusion: null, classes: null }), null), null);
  assert.equal(runResults(summary({ classes: ['a', 'b', 'c'] }), null), null);
  assert.equal(runResults(null, null), null);
});

test('predictions.json: rows with a non-finite prediction (null in JSON) are left out; a damaged file shows nothing', () => {
  const dir = tempDir();
  const residuals = { edges: [-1, 0, 1], counts: [1, 1] };
  const file = join(dir, 'predictions.json');
  writeFileSync(file, JSON.stringify({ task: 'regression', split: 'validation', target: 'y', rows: 3, actual: [1, 2, 3], predicted: [1.5, null, 2.5], residuals, nonFinite: 1 }));
  const r = readPredictions(dir);
  assert.ok(r && r.kind === 'regression');
  assert.deepEqual([r.actual, r.predicted], [
    [1, 3],
    [1.5, 2.5],
  ]);
  assert.deepEqual(runResults(summary({ task: 'regression', confusion: null, classes: null }), dir), r);
  for (const bad of ['{', '[]', JSON.stringify({ task: 'regression', split: 'validation', target: 'y', rows: 1, actual: [1], predicted: [], residuals }), JSON.stringify({ task: 'regression', split: 'test', target: 'y', rows: 1, actual: [1], predicted: [1], residuals })]) {
    writeFileSync(file, bad);
    assert.equal(readPredictions(dir), null, bad);
  }
});
