import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { previewRuns } from '../../src/runs/previewRuns';
import { loadData } from '../../src/io/data';
import { previewSchedule, runLength } from '../../src/core/schedulePreview';
import { train } from '../../src/core/trainer/train';
import type { StepEvent } from '../../src/core/trainer/events';
import { dataset, tempDir } from '../cli/run';
import { planRun } from '../../src/core/trainer/setup';

const config = (training: Record<string, unknown>, schedule: unknown = 'constant') =>
  resolveRunConfig({ training, schedule, optimizer: { name: 'sgd', lr: 0.1 } }, defaultConfig('x.csv'));

test('steps per epoch: ⌈rows / batch⌉ mini-batches, one step per accumulated group, leftovers included', () => {
  // 120 rows in batches of 32: 4 batches (the last of 24 rows).
  assert.deepEqual(runLength(config({ batchSize: 32, epochs: 5 }), 120), {
    batch: 32,
    batchesPerEpoch: 4,
    stepsPerEpoch: 4,
    totalSteps: 20,
  });
  // Accumulating 3: steps after batches 3 and 4 (the leftover one).
  assert.equal(runLength(config({ batchSize: 32, accumulate: 3, epochs: 5 }), 120).totalSteps, 10);
  assert.equal(runLength(config({ batchSize: 'full', epochs: 7 }), 120).totalSteps, 7);
  assert.equal(runLength(config({ batchSize: 500, epochs: 2 }), 120).totalSteps, 2);
  assert.equal(runLength(config({ batchSize: 1, epochs: 2 }), 120).totalSteps, 240);
});

test('the preview is lr(t) of the configured schedule over the run, warmup included', () => {
  // Cosine over T = 20 steps after 4 warmup steps: 0.1 t / 4, then 0.1 (1 + cos(π (t − 4) / 16)) / 2.
  const p = previewSchedule(config({ batchSize: 32, epochs: 5 }, { name: 'cosine', warmup: 4 }), 120);
  assert.equal(p.steps, 20);
  assert.equal(p.lrs.length, 20);
  p.lrs.forEach((lr, t) => {
    const expected = t < 4 ? (0.1 * t) / 4 : (0.1 * (1 + Math.cos((Math.PI * (t - 4)) / 16))) / 2;
    assert.ok(Math.abs(lr - expected) < 1e-15, `step ${t}: ${lr} vs ${expected}`);
  });
  assert.equal(p.note, null);
  const plateau = previewSchedule(
    config({ batchSize: 'full', epochs: 6 }, { name: 'reduce_on_plateau', warmup: 2 }),
    50,
  );
  assert.deepEqual(plateau.lrs, [0, 0.05, 0.1, 0.1, 0.1, 0.1]);
  assert.match(plateau.note!, /depends on training; shown without any reduction/);
});

test('the preview has the steps and rates training then takes', async () => {
  const cfg = resolveRunConfig(
    {
      optimizer: { name: 'sgd', lr: 0.05 },
      schedule: { name: 'one_cycle' },
      training: { epochs: 3, batchSize: 16, accumulate: 2 },
    },
    defaultConfig(dataset('iris.csv')),
  );
  const { dataset: data } = await loadData(cfg);
  const steps: StepEvent[] = [];
  await train(planRun(cfg, data), { onEvent: (e) => e.type === 'step' && steps.push(e) });
  const p = previewSchedule(cfg, data.train.length);
  assert.equal(p.steps, steps.length);
  assert.deepEqual(
    p.lrs,
    steps.map((s) => s.lr),
  );
});

/**
 * Training rows after the stratified 80/20 split (`dataset/split.ts`): a class of c rows keeps
 * c − round(c / 5); a regression target keeps n − round(n / 5). Class sizes are scikit-learn's.
 */
const trainRows = (classes: number[]) => classes.reduce((sum, c) => sum + c - Math.round(c / 5), 0);

test('previews of the bundled files: epochs × ⌈training rows / batch⌉ steps, the file read as training reads it', async () => {
  const cases = [
    { file: 'iris.csv', rows: trainRows([50, 50, 50]), epochs: 3, batchSize: 32 },
    { file: 'wine.csv', rows: trainRows([59, 71, 48]), epochs: 2, batchSize: 10 },
    { file: 'diabetes.csv', rows: trainRows([442]), epochs: 4, batchSize: 64 },
    { file: 'iris.csv', rows: trainRows([50, 50, 50]), epochs: 5, batchSize: 'full' as const },
  ];
  const configs = cases.map((c) =>
    resolveRunConfig(
      { name: c.file, training: { epochs: c.epochs, batchSize: c.batchSize } },
      defaultConfig(dataset(c.file)),
    ),
  );
  const previews = await previewRuns(configs);
  cases.forEach((c, k) => {
    const perEpoch = c.batchSize === 'full' ? 1 : Math.ceil(c.rows / c.batchSize);
    assert.equal(previews[k].stepsPerEpoch, perEpoch, c.file);
    assert.equal(previews[k].steps, c.epochs * perEpoch, c.file);
  });
});

test('previews count the rows that survive the missing-value handling', async () => {
  // 40 rows, 6 of them with a missing feature: dropped, 34 remain and 34 − round(34 / 5) = 27 train;
  // imputed with the mean, all 40 remain and 32 train.
  const lines = Array.from({ length: 40 }, (_, r) => `${r % 7 === 3 ? '' : r / 10},${(r * 3) % 11},${r % 5}`);
  const file = join(tempDir(), 'gaps.csv');
  writeFileSync(file, `a,b,y\n${lines.join('\n')}\n`);
  const missing = lines.filter((l) => l.startsWith(',')).length;
  assert.equal(missing, 6);
  const config = (policy: string) =>
    resolveRunConfig(
      { data: { missing: policy, target: 'y', task: 'regression' }, training: { epochs: 3, batchSize: 5 } },
      defaultConfig(file),
    );
  const [dropped, imputed] = await previewRuns([config('drop'), config('mean')]);
  assert.equal(dropped.steps, 3 * Math.ceil(27 / 5));
  assert.equal(imputed.steps, 3 * Math.ceil(32 / 5));
});
