/**
 * The rows a run records as it trains (rows.json and rows-<epoch>.bin), read with a reader of their own
 * that follows the documented layout, against closed forms of a linear model at the recorded weights.
 */
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { type Split, type Weights, linear, readJson, recordedSplits } from './recorded';
import { dataset, lastJson, losslab, tempDir, workspace } from './run';
import type { RecordedEpoch, RowsIndex } from '../../src/core/probe/rowRecord';
import { readRowsEpoch } from '../../src/io/rowsStore';

interface RecordedSplit {
  rows: number;
  mean_loss: number;
  grad_norm_sum: number;
  top_1pct_share: number;
  top_1pct_loss_share: number;
}

interface Index {
  format: number;
  loss: string;
  gradient: string;
  target_width: number;
  prediction_width: number;
  classes: string[] | null;
  files: { train: string; val: string };
  epochs: { epoch: number; weights: string; file: string; train: RecordedSplit; val: RecordedSplit | null }[];
}

interface Row {
  loss: number;
  share: number;
  target: number;
  prediction: number;
  line: number;
}

/** Blocks of Float64 loss, share, target, prediction, then Int32 line, one per split (one target, one output). */
function readBlocks(file: string, sizes: number[]): Row[][] {
  const b = readFileSync(file);
  let at = 0;
  const blocks = sizes.map((n) => {
    const column = (bytes: number, read: (offset: number) => number) => {
      const values = Array.from({ length: n }, (_, i) => read(at + i * bytes));
      at += n * bytes;
      return values;
    };
    const [loss, share, target, prediction] = [0, 1, 2, 3].map(() => column(8, (o) => b.readDoubleLE(o)));
    const line = column(4, (o) => b.readInt32LE(o));
    return line.map((l, i) => ({
      loss: loss[i],
      share: share[i],
      target: target[i],
      prediction: prediction[i],
      line: l,
    }));
  });
  assert.equal(at, b.length, 'the file holds exactly the listed rows');
  return blocks;
}

function close(actual: number, expected: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) <= 1e-10 * Math.max(1, Math.abs(expected)),
    `${what}: ${actual} vs ${expected}`,
  );
}

function train(csv: string, flags: string[]): string {
  const r = losslab(['train', csv, '--loss', 'mse', '--seed', '5', '--out', tempDir(), '--json', '--quiet', ...flags]);
  assert.equal(r.code, 0, r.stderr);
  return lastJson(r).run_dir!;
}

/** A split's recorded rows against MSE's closed forms at `weights`: loss r², share |r|/Σ|r|, most first. */
function checkSplit(
  rows: Row[],
  summary: RecordedSplit,
  split: Split,
  weights: Weights,
  scaler: { mean: number; std: number },
): void {
  const pred = linear(weights.layers[0], split.x);
  const r = split.y.map((y, i) => pred[i] - y);
  const total = r.reduce((a, v) => a + Math.abs(v), 0);
  assert.equal(rows.length, split.y.length);
  assert.equal(summary.rows, rows.length);
  const byLine = new Map(rows.map((row) => [row.line, row]));
  split.lines.forEach((line, i) => {
    const row = byLine.get(line)!;
    assert.ok(row, `line ${line} is recorded`);
    close(row.loss, r[i] ** 2, `loss of line ${line}`);
    close(row.share, Math.abs(r[i]) / total, `share of line ${line}`);
    close(row.prediction, pred[i] * scaler.std + scaler.mean, `prediction of line ${line}`);
    close(row.target, split.y[i] * scaler.std + scaler.mean, `target of line ${line}`);
  });
  for (let i = 1; i < rows.length; i++) assert.ok(rows[i - 1].share >= rows[i].share, 'most share first');
  close(summary.mean_loss, r.reduce((a, v) => a + v * v, 0) / r.length, 'mean loss');
  close(summary.grad_norm_sum, (2 * total) / r.length, 'Σ‖∂L/∂out‖ = 2Σ|r|/n');
  const onePercent = Math.ceil(r.length / 100);
  const largest = r
    .map(Math.abs)
    .sort((a, b) => b - a)
    .slice(0, onePercent);
  close(summary.top_1pct_share, largest.reduce((a, v) => a + v, 0) / total, 'top 1% share');
  // Under MSE the largest losses are the largest gradients.
  close(summary.top_1pct_loss_share, summary.top_1pct_share, 'top 1% loss share');
}

test('a run records its rows at the chosen epochs: MSE closed forms at each epoch weights, in the documented layout', () => {
  const csv = dataset('diabetes.csv');
  const dir = train(csv, ['--epochs', '3', '--row-epochs', '1,3']);
  const oneEpoch = train(csv, ['--epochs', '1']);
  const index = readJson<Index>(dir, 'rows.json');
  assert.deepEqual(
    [index.format, index.loss, index.gradient, index.target_width, index.prediction_width, index.classes],
    [1, 'mse', 'output', 1, 1, null],
  );
  assert.deepEqual(index.files, { train: csv, val: csv });
  assert.deepEqual(
    index.epochs.map((e) => [e.epoch, e.weights, e.file]),
    [
      [1, 'epoch', 'rows-1.bin'],
      [3, 'epoch', 'rows-3.bin'],
    ],
  );
  const splits = recordedSplits(dir, csv);
  const scaler = readJson<{ target: { scaler: { mean: number; std: number } } }>(dir, 'preprocessing.json').target
    .scaler;
  // The weights after epoch 1 are those of the same run trained for one epoch; after epoch 3, the run's final ones.
  for (const [entry, weights] of [
    [index.epochs[0], readJson<Weights>(oneEpoch, 'final.json')],
    [index.epochs[1], readJson<Weights>(dir, 'final.json')],
  ] as const) {
    const [trainRows, valRows] = readBlocks(join(dir, entry.file), [entry.train.rows, entry.val!.rows]);
    checkSplit(trainRows, entry.train, splits.train, weights, scaler);
    checkSplit(valRows, entry.val!, splits.val, weights, scaler);
    // Loss Lab's own reader (the editor's and the dashboard's) reads the same rows.
    const own = readRowsEpoch(dir, index as RowsIndex, entry as RecordedEpoch);
    assert.deepEqual(
      own.map((s) =>
        Array.from(s.line, (line, i) => ({
          loss: s.loss[i],
          share: s.share[i],
          target: s.target[i],
          prediction: s.prediction[i],
          line,
        })),
      ),
      [trainRows, valRows],
    );
  }
  assert.ok(!readdirSync(dir).includes('rows-final.bin'), 'a list of epochs records only those');
});

test('by default a run records the rows of the weights it ends with; all records every epoch (experiment file)', () => {
  const csv = dataset('diabetes.csv');
  const dir = train(csv, ['--epochs', '2']);
  const index = readJson<Index>(dir, 'rows.json');
  assert.deepEqual(
    index.epochs.map((e) => [e.epoch, e.weights, e.file]),
    [[2, 'final', 'rows-final.bin']],
  );
  const splits = recordedSplits(dir, csv);
  const scaler = readJson<{ target: { scaler: { mean: number; std: number } } }>(dir, 'preprocessing.json').target
    .scaler;
  const [trainRows] = readBlocks(join(dir, 'rows-final.bin'), [index.epochs[0].train.rows, index.epochs[0].val!.rows]);
  checkSplit(trainRows, index.epochs[0].train, splits.train, readJson<Weights>(dir, 'final.json'), scaler);

  const ws = workspace({
    'all.losslab.json':
      '{"data": {"path": "d.csv"}, "training": {"epochs": 3, "rowEpochs": "all"}, "runs": [{"name": "a"}]}',
  });
  copyFileSync(csv, join(ws, 'd.csv'));
  const out = tempDir();
  const r = losslab(['run', 'all.losslab.json', '--out', out, '--json', '--quiet'], ws);
  assert.equal(r.code, 0, r.stderr);
  const run = join(out, readdirSync(out)[0]);
  assert.deepEqual(
    readJson<Index>(run, 'rows.json').epochs.map((e) => e.file),
    ['rows-1.bin', 'rows-2.bin', 'rows-3.bin'],
  );
});

test('a bad --row-epochs or rowEpochs is one line naming it, exit code 2; a pair loss records no rows', () => {
  const csv = dataset('diabetes.csv');
  for (const [value, message] of [
    ['some', /--row-epochs/],
    ['0', /training\.rowEpochs\[0\] must be in \[1, inf\), got 0/],
  ] as const) {
    const r = losslab(['train', csv, '--epochs', '1', '--row-epochs', value, '--out', tempDir()]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  }
  const pairRun = losslab([
    'train',
    dataset('iris.csv'),
    '--epochs',
    '1',
    '--loss',
    'contrastive',
    '--out',
    tempDir(),
    '--json',
    '--quiet',
  ]);
  assert.equal(pairRun.code, 0, pairRun.stderr);
  const pairs = lastJson(pairRun).run_dir!;
  assert.ok(!readdirSync(pairs).some((f) => f.startsWith('rows')), 'no rows.json for a pair loss');
});
