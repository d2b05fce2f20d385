/**
 * A formula that spells out a built-in loss trains like it: same seed, same split, same steps, and the
 * per-epoch training and validation losses agree to 1e-9 (relative). The built-in losses are checked
 * against PyTorch elsewhere, so this ties the formula path to PyTorch too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { parseCsvText } from '../../src/core/csv';
import { type Dataset, buildDataset } from '../../src/core/dataset';
import { LossLabError } from '../../src/core/errors';
import type { EpochEvent } from '../../src/core/trainer/events';
import { train } from '../../src/core/trainer/train';
import { fixturePath } from './fixtures';
import { planRun } from '../../src/core/trainer/setup';

function dataset(file: string): Dataset {
  const text = readFileSync(fixturePath(file, join('test', 'data')), 'utf8');
  return buildDataset(parseCsvText(text, file), {});
}

async function curve(
  ds: Dataset,
  file: string,
  loss: unknown,
  extra: Record<string, unknown> = {},
): Promise<EpochEvent[]> {
  const config = resolveRunConfig(
    { data: { path: file }, loss, training: { epochs: 12 }, ...extra },
    defaultConfig(file),
  );
  const epochs: EpochEvent[] = [];
  const { summary } = await train(planRun(config, ds), { onEvent: (e) => e.type === 'epoch' && epochs.push(e) });
  assert.equal(summary.status, 'completed');
  return epochs;
}

function assertSameCurve(builtin: EpochEvent[], formula: EpochEvent[], what: string): void {
  assert.equal(formula.length, builtin.length, what);
  const close = (a: number | null, b: number | null, label: string) => {
    assert.ok(a !== null && b !== null && Number.isFinite(a), `${label}: ${a} vs ${b}`);
    assert.ok(Math.abs(a - b) <= 1e-9 * Math.abs(b), `${label}: ${a} vs ${b}`);
  };
  builtin.forEach((e, i) => {
    close(formula[i].trainLoss, e.trainLoss, `${what} epoch ${e.epoch} train loss`);
    close(formula[i].valLoss, e.valLoss, `${what} epoch ${e.epoch} val loss`);
  });
}

const REGRESSION: [builtin: unknown, formula: unknown][] = [
  ['mse', { formula: '(pred - target)^2' }],
  [{ name: 'huber', delta: 1 }, { formula: 'abs(pred-target) <= 1 ? 0.5*(pred-target)^2 : abs(pred-target) - 0.5' }],
  ['mae', { formula: 'abs(pred - target)' }],
  ['log_cosh', { formula: 'log(cosh(pred - target))' }],
  [
    { name: 'quantile', q: 0.8 },
    { formula: 'max(q*(target - pred), (q - 1)*(target - pred))', q: 0.8 },
  ],
];

test('on diabetes, formulas for mse, huber, mae, log_cosh and quantile train exactly like the built-ins', async () => {
  const ds = dataset('diabetes.csv');
  for (const [builtin, formula] of REGRESSION) {
    const what = JSON.stringify(formula);
    assertSameCurve(await curve(ds, 'diabetes.csv', builtin), await curve(ds, 'diabetes.csv', formula), what);
  }
  // Through a hidden layer too, where the loss's gradient feeds backpropagation.
  const mlp = { model: { hidden: [8] } };
  assertSameCurve(
    await curve(ds, 'diabetes.csv', 'mse', mlp),
    await curve(ds, 'diabetes.csv', { formula: '(pred - target)^2' }, mlp),
    'mse, hidden [8]',
  );
});

test('on breast_cancer, softplus(pred) - target*pred trains exactly like bce (pred is the logit)', async () => {
  const ds = dataset('breast_cancer.csv');
  assert.equal(ds.task, 'binary');
  assertSameCurve(
    await curve(ds, 'breast_cancer.csv', 'bce'),
    await curve(ds, 'breast_cancer.csv', { formula: 'softplus(pred) - target*pred' }),
    'bce',
  );
});

test('a formula loss on a multiclass task is refused with the tasks it fits, when the run is planned', () => {
  const ds = dataset('iris.csv');
  const config = resolveRunConfig(
    { data: { path: 'iris.csv' }, loss: { formula: '(pred - target)^2' } },
    defaultConfig('iris.csv'),
  );
  assert.throws(
    () => planRun(config, ds),
    (e: unknown) =>
      e instanceof LossLabError &&
      /^loss 'formula' does not fit a multiclass task; a formula loss fits regression and binary tasks; losses that do: /.test(
        e.message,
      ) &&
      e.where.field === 'loss.formula',
  );
});

test('a loss flat in the output trains nothing and says so; a sloped one does not', async () => {
  const ds = dataset('diabetes.csv');
  const run = async (formula: string) => {
    const config = resolveRunConfig(
      { data: { path: 'diabetes.csv' }, loss: { formula }, training: { epochs: 2 } },
      defaultConfig('diabetes.csv'),
    );
    return (await train(planRun(config, ds), {})).summary;
  };
  // A step function of pred: its slope is 0 wherever it is defined, so every gradient is exactly 0.
  const flat = await run('pred > target ? 1 : 0');
  assert.equal(flat.status, 'completed');
  assert.match(flat.message ?? '', /^the gradient was 0 at every step, so nothing was learned/);
  const sloped = await run('(pred - target)^2');
  assert.equal(sloped.message, null);
});
