import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { type Weights, quadratic, readJson, recordedSplits } from './recorded';
import { dataset, lastJson, losslab, tempDir } from './run';

interface Interpolation {
  alpha: number[];
  train_loss: number[];
  val_loss: (number | null)[];
  from: { run: string; weights: string };
  to: { run: string; weights: string };
  loss: string;
}

const DIABETES = dataset('diabetes.csv');

/** Trains a linear MSE model on diabetes.csv (seed 4, so every run shares one split) and returns its folder. */
function trainLinear(out: string, ...flags: string[]): string {
  const r = losslab(['train', DIABETES, '--epochs', '3', '--seed', '4', '--out', out, '--json', '--quiet', ...flags]);
  assert.equal(r.code, 0, r.stderr);
  return lastJson(r).run_dir!;
}

function assertClose(actual: number, expected: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) <= 1e-10 * Math.max(1, Math.abs(expected)),
    `${what}: ${actual} vs ${expected}`,
  );
}

test('interpolate between two linear MSE models follows the closed-form quadratic in alpha', () => {
  const out = tempDir();
  const a = trainLinear(out, '--optimizer', 'sgd', '--lr', '0.05');
  const b = trainLinear(out, '--optimizer', 'adam', '--lr', '0.1');
  const r = losslab(['interpolate', a, b, '--points', '11', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = lastJson<Interpolation>(r);
  assert.equal(j.loss, 'mse');
  assert.deepEqual(j.alpha, [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
  const wa = readJson<Weights>(a, 'final.json');
  const wb = readJson<Weights>(b, 'final.json');
  const splits = recordedSplits(a, DIABETES);
  const train = quadratic(wa, wb, splits.train);
  const val = quadratic(wa, wb, splits.val);
  j.alpha.forEach((alpha, i) => {
    assertClose(j.train_loss[i], train(alpha), `train loss at alpha ${alpha}`);
    assertClose(j.val_loss[i]!, val(alpha), `val loss at alpha ${alpha}`);
  });
  // At both ends, each run's own final validation loss, as its summary recorded it while training.
  assertClose(j.val_loss[0]!, readJson<{ final: { valLoss: number } }>(a, 'summary.json').final.valLoss, 'A');
  assertClose(j.val_loss[10]!, readJson<{ final: { valLoss: number } }>(b, 'summary.json').final.valLoss, 'B');
});

test('interpolate RUN goes from its initial weights to its final ones', () => {
  const a = trainLinear(tempDir());
  const j = lastJson<Interpolation>(losslab(['interpolate', a, '--points', '5', '--json']));
  assert.deepEqual([j.from.weights, j.to.weights], ['initial', 'final']);
  const initial: Weights = { layers: readJson(a, 'initial.json'), task: [] };
  const train = quadratic(initial, readJson<Weights>(a, 'final.json'), recordedSplits(a, DIABETES).train);
  j.alpha.forEach((alpha, i) => assertClose(j.train_loss[i], train(alpha), `train loss at alpha ${alpha}`));
  assert.ok(j.train_loss[4] < j.train_loss[0], 'training lowered the loss');
});

test('a run that early stopping restored records final.json and best.json, and interpolate uses the best', () => {
  const r = losslab([
    'train',
    DIABETES,
    '--hidden',
    '8',
    '--batch-norm',
    '--lr',
    '0.3',
    '--epochs',
    '60',
    '--early-stopping',
    '2',
    '--seed',
    '1',
    '--out',
    tempDir(),
    '--json',
    '--quiet',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const run = lastJson(r);
  assert.equal(run.status, 'early_stopped');
  const dir = run.run_dir!;
  const final = readJson<Weights>(dir, 'final.json');
  const best = readJson<Weights>(dir, 'best.json');
  assert.equal(final.layers.length, 2);
  assert.equal(final.layers[0].weight.length, 8);
  assert.equal(final.layers[0].weight[0].length, 10);
  for (const w of [final, best]) {
    const bn = (w.layers[0] as { bn?: Record<string, number[]> }).bn!;
    for (const k of ['weight', 'bias', 'running_mean', 'running_var']) assert.equal(bn[k].length, 8, k);
  }
  assert.notDeepEqual(final, best);
  const j = lastJson<Interpolation>(losslab(['interpolate', dir, '--points', '2', '--json']));
  assert.equal(j.to.weights, 'best');
  // The summary's final epoch is the restored best one, scored on the validation rows in evaluation mode.
  assertClose(j.val_loss[1]!, run.final!.val_loss!, 'restored best validation loss');
});

test('interpolate refuses runs that do not share data or architecture, in one line, with exit code 2', () => {
  const out = tempDir();
  const a = trainLinear(out);
  const cases: [string[], RegExp][] = [
    [
      [a, trainLinear(out, '--hidden', '3')],
      /^losslab: RUN_A and RUN_B have different architectures \(10 → 1 relu; .*10 → 3 → 1 relu\)/,
    ],
    [
      [a, trainLinear(out, '--val-split', '0.3')],
      /^losslab: RUN_A and RUN_B were trained on the same file read or split differently/,
    ],
    [[a, '--points', '1'], /^losslab: --points must be a whole number of at least 2/],
    [[a, a, a], /^losslab: losslab interpolate takes one or two run folders/],
    [[out], /is not a run folder/],
  ];
  const noFinal = trainLinear(out);
  rmSync(join(noFinal, 'final.json'));
  cases.push([[noFinal], /has no final\.json \(the final weights\), which a run records as it ends/]);
  for (const [args, message] of cases) {
    const r = losslab(['interpolate', ...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
  assert.ok(existsSync(join(a, 'final.json')));
});
