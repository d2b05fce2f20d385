/**
 * What the dashboard's solution views compute on the host's side, in the tool worker (dist/toolWorker.js) as
 * the extension runs them, against closed forms: the loss between two linear MSE models is a quadratic in α;
 * a logistic model's surface over two picked features changes class where its plane crosses 0.
 */
import assert from 'node:assert/strict';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isLossLabError } from '../../src/core/errors';
import { runTool } from '../../src/runs/toolJobs';
import { type Layer, type Weights, quadratic, readJson, recordedSplits } from '../cli/recorded';
import { dataset, lastJson, losslab, tempDir, workspace } from '../cli/run';
import { fixturePath } from '../core/fixtures';

const WORKER = fixturePath(join('dist', 'toolWorker.js'), '.');
const DIABETES = dataset('diabetes.csv');

function train(csv: string, out: string, ...flags: string[]): string {
  const r = losslab(['train', csv, '--seed', '4', '--out', out, '--json', '--quiet', ...flags]);
  assert.equal(r.code, 0, r.stderr);
  return lastJson(r).run_dir!;
}

test('the loss between two solutions, as the panel computes it, is the closed-form quadratic in alpha', async () => {
  const out = tempDir();
  const a = train(DIABETES, out, '--epochs', '3', '--optimizer', 'sgd', '--lr', '0.05');
  const b = train(DIABETES, out, '--epochs', '3', '--optimizer', 'adam', '--lr', '0.1');
  const report = await runTool(WORKER, { type: 'interpolate', a, b, points: 6, labels: ['run A', 'run B'] }).result;
  assert.ok(report);
  assert.deepEqual(report.alpha, [0, 0.2, 0.4, 0.6, 0.8, 1]);
  const splits = recordedSplits(a, DIABETES);
  const [wa, wb] = [readJson<Weights>(a, 'final.json'), readJson<Weights>(b, 'final.json')];
  const train_ = quadratic(wa, wb, splits.train);
  const val = quadratic(wa, wb, splits.val);
  report.alpha.forEach((alpha, i) => {
    for (const [got, want] of [
      [report.train_loss[i], train_(alpha)],
      [report.val_loss[i]!, val(alpha)],
    ])
      assert.ok(Math.abs(got - want) <= 1e-10 * Math.max(1, want), `alpha ${alpha}: ${got} vs ${want}`);
  });
  // Different architectures: one line naming the runs as the dashboard shows them, no loss computed.
  const wide = train(DIABETES, out, '--epochs', '1', '--hidden', '3');
  await assert.rejects(
    runTool(WORKER, { type: 'interpolate', a, b: wide, points: 6, labels: ["run 'sgd'", "run 'wide'"] }).result,
    (e) =>
      isLossLabError(e) &&
      /^run 'sgd' and run 'wide' have different architectures \(10 → 1 relu; run '.*': 10 → 3 → 1 relu\)/.test(
        e.message,
      ) &&
      !e.message.includes('\n'),
  );
});

/** 60 rows of three features from a fixed generator; the class is x0 − x2 > 0 with some noise, x1 unrelated. */
function threeFeatures(): string {
  let seed = 11;
  const u = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const rows = Array.from({ length: 60 }, () => {
    const x = [10 * u() - 5, 100 * u(), 4 * u() - 2];
    return [...x.map((v) => v.toFixed(3)), x[0] - 2 * x[2] + u() - 0.5 > 0 ? 'up' : 'down'].join(',');
  });
  return `x0,x1,x2,side\n${rows.join('\n')}\n`;
}

interface Prep {
  features: { column: string; mean: number; std: number }[];
  target: { classes: string[] };
}

test("a logistic run's surface over two picked features: its class changes where the plane crosses 0", async () => {
  const ws = workspace({ 'three.csv': threeFeatures() });
  const csv = join(ws, 'three.csv');
  const dir = train(csv, tempDir(), '--target', 'side', '--loss', 'bce', '--epochs', '40', '--lr', '0.1');
  const s = await runTool(WORKER, { type: 'surface', dir, features: ['x2', 'x0'] }).result;
  assert.ok(s);
  assert.deepEqual([s.x.name, s.y.name, s.features, s.task], ['x2', 'x0', ['x0', 'x1', 'x2'], 'binary']);
  assert.equal(s.epoch, 40);
  // The plane in standardized units, x1 at its training median (the mean of the middle two of an even count).
  const { layers } = readJson<{ layers: Layer[] }>(dir, 'final.json');
  const [w, b] = [layers[0].weight[0], layers[0].bias[0]];
  const prep = readJson<Prep>(dir, 'preprocessing.json');
  const train1 = recordedSplits(dir, csv)
    .train.x.map((r) => r[1])
    .sort((p, q) => p - q);
  const m = train1.length;
  const median1 = m % 2 ? train1[(m - 1) / 2] : (train1[m / 2 - 1] + train1[m / 2]) / 2;
  const z = (x2: number, x0: number) =>
    b +
    (w[0] * (x0 - prep.features[0].mean)) / prep.features[0].std +
    w[1] * median1 +
    (w[2] * (x2 - prep.features[2].mean)) / prep.features[2].std;
  const at = (a: { min: number; max: number }, i: number) => a.min + ((a.max - a.min) * i) / (s.size - 1);
  const up = prep.target.classes.indexOf('up');
  let ups = 0;
  for (let j = 0; j < s.size; j++)
    for (let i = 0; i < s.size; i++) {
      const v = z(at(s.x, i), at(s.y, j));
      const cell: number = j * s.size + i;
      if (Math.abs(v) > 1e-6) assert.equal(s.predicted[cell], v > 0 ? 1 : 0, `cell ${i},${j}: z ${v}`);
      // Four significant digits, as the view sends them.
      assert.ok(Math.abs(s.value[cell] - 1 / (1 + Math.exp(-Math.abs(v)))) < 1e-3, `cell ${i},${j}`);
      ups += s.predicted[cell] === up ? 1 : 0;
    }
  assert.ok(ups > 0.1 * s.size ** 2 && ups < 0.9 * s.size ** 2, `the boundary crosses the grid (${ups} cells up)`);

  // A run still training (no summary, no final weights yet) shows its last checkpoint: here the same weights.
  const training = join(tempDir(), 'training');
  cpSync(dir, training, { recursive: true });
  for (const f of ['summary.json', 'final.json']) rmSync(join(training, f));
  const live = await runTool(WORKER, { type: 'surface', dir: training, features: ['x2', 'x0'] }).result;
  assert.ok(live);
  assert.equal(live.epoch, 40);
  assert.deepEqual(live.predicted, s.predicted);
  // A pair the run does not have falls back to its first two features.
  const first = await runTool(WORKER, { type: 'surface', dir, features: ['x0', 'nope'] }).result;
  assert.deepEqual([first?.x.name, first?.y.name], ['x0', 'x1']);
});

test('a run with one feature has no surface; a run folder whose CSV changed is one line saying so', async () => {
  const ws = workspace({ 'one.csv': 'x,y\n' + Array.from({ length: 20 }, (_, i) => `${i},${2 * i + 1}`).join('\n') });
  const dir = train(join(ws, 'one.csv'), tempDir(), '--epochs', '2');
  assert.equal(await runTool(WORKER, { type: 'surface', dir, features: null }).result, null);
  const ws3 = workspace({ 'three.csv': threeFeatures() });
  const three = train(join(ws3, 'three.csv'), tempDir(), '--target', 'side', '--epochs', '2');
  writeFileSync(join(ws3, 'three.csv'), `${threeFeatures()}1,2,3,up\n`);
  await assert.rejects(
    runTool(WORKER, { type: 'surface', dir: three, features: null }).result,
    (e) => isLossLabError(e) && /has changed since run .* was trained on it/.test(e.message),
  );
});
