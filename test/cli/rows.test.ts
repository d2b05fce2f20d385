import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { type Split, type Weights, linear, linearOutputs, readJson, recordedSplits } from './recorded';
import { dataset, lastJson, losslab, tempDir } from './run';

interface Row {
  line: number;
  target: number | string;
  prediction: number | string;
  loss: number;
  grad_norm: number;
  share: number;
}

interface SplitRows {
  rows: number;
  mean_loss: number;
  top_1pct_share: number;
  top: Row[];
}

interface RowsJson {
  weights: string;
  loss: string;
  gradient: string;
  train: SplitRows;
  val: SplitRows | null;
}

function close(actual: number, expected: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) <= 1e-10 * Math.max(1, Math.abs(expected)),
    `${what}: ${actual} vs ${expected}`,
  );
}

function trained(csv: string, flags: string[]): string {
  const r = losslab(['train', csv, '--epochs', '3', '--seed', '5', '--out', tempDir(), '--json', '--quiet', ...flags]);
  assert.equal(r.code, 0, r.stderr);
  return lastJson(r).run_dir!;
}

function rows(dir: string, top: number): RowsJson {
  const r = losslab(['rows', dir, '--top', String(top), '--json']);
  assert.equal(r.code, 0, r.stderr);
  return lastJson<RowsJson>(r);
}

/** Every row of `split` checked against `expected` (line → loss and output gradient), and the split's ordering. */
function checkSplit(got: SplitRows, split: Split, expected: (i: number) => { loss: number; grad: number[] }): void {
  const n = split.y.length;
  assert.equal(got.rows, n);
  assert.equal(got.top.length, n, 'every row is listed');
  const norms = split.y.map((_, i) => Math.hypot(...expected(i).grad));
  const total = norms.reduce((a, v) => a + v, 0);
  const byLine = new Map(got.top.map((r) => [r.line, r]));
  split.lines.forEach((line, i) => {
    const row = byLine.get(line)!;
    assert.ok(row, `line ${line}`);
    close(row.loss, expected(i).loss, `loss of line ${line}`);
    close(row.grad_norm, norms[i], `gradient of line ${line}`);
    close(row.share, norms[i] / total, `share of line ${line}`);
  });
  close(got.mean_loss, split.y.reduce((a, _, i) => a + expected(i).loss, 0) / n, 'mean loss');
  for (let i = 1; i < n; i++) assert.ok(got.top[i - 1].share >= got.top[i].share, 'most first');
  const k = Math.max(1, Math.ceil(n / 100));
  close(
    got.top_1pct_share,
    [...norms]
      .sort((a, b) => b - a)
      .slice(0, k)
      .reduce((a, v) => a + v, 0) / total,
    '1%',
  );
}

test('rows of a linear MSE model: loss (pred − y)², gradient 2(pred − y)/n, targets and predictions in original units', () => {
  const csv = dataset('diabetes.csv');
  const dir = trained(csv, ['--loss', 'mse']);
  const j = rows(dir, 1000);
  assert.deepEqual([j.weights, j.loss, j.gradient], ['final', 'mse', 'output']);
  const w = readJson<Weights>(dir, 'final.json');
  const splits = recordedSplits(dir, csv);
  const scaler = readJson<{ target: { scaler: { mean: number; std: number } } }>(dir, 'preprocessing.json').target
    .scaler;
  for (const [got, split] of [
    [j.train, splits.train],
    [j.val!, splits.val],
  ] as const) {
    const pred = linear(w.layers[0], split.x);
    const n = split.y.length;
    checkSplit(got, split, (i) => ({ loss: (pred[i] - split.y[i]) ** 2, grad: [(2 * (pred[i] - split.y[i])) / n] }));
    const csvLines = readFileSync(csv, 'utf8').split('\n');
    for (const row of got.top.slice(0, 5)) {
      const i = split.lines.indexOf(row.line);
      close(row.target as number, Number(csvLines[row.line - 1].split(',').at(-1)), `target of line ${row.line}`);
      close(row.prediction as number, pred[i] * scaler.std + scaler.mean, `prediction of line ${row.line}`);
    }
  }
});

test('rows of a linear cross-entropy model: loss −log softmax_y, gradient (softmax − onehot)/n, class labels', () => {
  const csv = dataset('iris.csv');
  const dir = trained(csv, []);
  const j = rows(dir, 1000);
  assert.equal(j.loss, 'cross_entropy');
  const w = readJson<Weights>(dir, 'final.json');
  const classes = ['setosa', 'versicolor', 'virginica'];
  for (const [got, split] of [
    [j.train, recordedSplits(dir, csv).train],
    [j.val!, recordedSplits(dir, csv).val],
  ] as const) {
    const n = split.y.length;
    const probs = linearOutputs(w.layers[0], split.x).map((z) => {
      const e = z.map((v) => Math.exp(v));
      const s = e.reduce((a, v) => a + v, 0);
      return e.map((v) => v / s);
    });
    checkSplit(got, split, (i) => ({
      loss: -Math.log(probs[i][split.y[i]]),
      grad: probs[i].map((p, c) => (p - (c === split.y[i] ? 1 : 0)) / n),
    }));
    for (const row of got.top) {
      const i = split.lines.indexOf(row.line);
      assert.equal(row.target, classes[split.y[i]]);
      assert.equal(row.prediction, classes[probs[i].indexOf(Math.max(...probs[i]))]);
    }
  }
});

test('rows lists the top K per split, and refuses what it cannot score in one line with exit code 2', () => {
  const dir = trained(dataset('diabetes.csv'), []);
  const j = rows(dir, 3);
  assert.equal(j.train.top.length, 3);
  assert.equal(j.val!.top.length, 3);
  const text = losslab(['rows', dir, '--top', '2']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(
    text.stdout,
    /training rows: 354 rows, mean loss [\d.]+; the top 1% of rows carry [\d.]+% of the gradient/,
  );
  const pairs = trained(dataset('iris.csv'), ['--loss', 'contrastive']);
  for (const [args, message] of [
    [[dir, '--top', '0'], /^losslab: --top must be at least 1, got 0/],
    [[dir, dir], /^losslab: losslab rows takes one run folder/],
    [[pairs], /^losslab: rows scores rows one at a time, and the 'contrastive' loss scores pairs or triplets of rows/],
  ] as const) {
    const r = losslab(['rows', ...args]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  }
});
