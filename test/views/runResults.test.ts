/** The end-of-run views the host sends, from a run's summary and its predictions.json. */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RunSummary } from '../../src/core/trainer/events';
import { readPredictions, runResults } from '../../src/views/runResults';
import { tempDir } from '../cli/run';

const residuals = { edges: [-1, 0, 1], counts: [1, 1] };

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
  assert.ok(noVal && noVal.kind === 'classification');
  assert.equal(noVal.split, 'training');
});

test('nothing for a running run, an embedding run, or a matrix that does not fit its labels', () => {
  assert.equal(runResults(summary({ status: 'running' }), null), null);
  assert.equal(runResults(summary({ task: 'embedding', confusion: null, classes: null }), null), null);
  assert.equal(runResults(summary({ classes: ['a', 'b', 'c'] }), null), null);
  assert.equal(runResults(null, null), null);
});

test('predictions.json: rows with a non-finite prediction (null in JSON) are left out', () => {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'predictions.json'),
    JSON.stringify({
      task: 'regression',
      split: 'validation',
      target: 'y',
      rows: 3,
      actual: [1, 2, 3],
      predicted: [1.5, null, 2.5],
      residuals,
      nonFinite: 1,
    }),
  );
  const r = readPredictions(dir);
  assert.ok(r && r.kind === 'regression');
  assert.deepEqual(
    [r.actual, r.predicted],
    [
      [1, 3],
      [1.5, 2.5],
    ],
  );
  assert.deepEqual(runResults(summary({ task: 'regression', confusion: null, classes: null }), dir), r);
});

test('a regression run without predictions.json shows nothing: the file is written only as a run ends', () => {
  assert.equal(readPredictions(tempDir()), null);
});

test('a damaged predictions.json shows a message naming the file, what is wrong and what to do', () => {
  const cases: [content: string, why: string][] = [
    ['{', 'not valid JSON'],
    ['[]', 'not the predictions of a regression run'],
    [
      JSON.stringify({
        task: 'regression',
        split: 'validation',
        target: 'y',
        rows: 1,
        actual: [1],
        predicted: [],
        residuals,
      }),
      'its actual and predicted values are not two lists of numbers of one length',
    ],
    [
      JSON.stringify({
        task: 'regression',
        split: 'validation',
        target: 'y',
        rows: 1,
        actual: [1],
        predicted: [1],
        residuals: { edges: [0], counts: [1] },
      }),
      'its residual histogram is malformed',
    ],
    [
      JSON.stringify({
        task: 'regression',
        split: 'test',
        target: 'y',
        rows: 1,
        actual: [1],
        predicted: [1],
        residuals,
      }),
      'its rows, target or split is missing or malformed',
    ],
  ];
  const dir = tempDir();
  const file = join(dir, 'predictions.json');
  for (const [content, why] of cases) {
    writeFileSync(file, content);
    assert.deepEqual(readPredictions(dir), {
      kind: 'unreadable',
      message: `${file} cannot be read (${why}), so the predicted-vs-actual and residual charts are not shown; re-run the run to write it again.`,
    });
  }
});

test('a predictions.json that is a folder is reported with the system error code, not taken for a missing file', () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'predictions.json'));
  const r = readPredictions(dir);
  assert.ok(r && r.kind === 'unreadable');
  assert.match(r.message, /\(EISDIR\)/);
});
