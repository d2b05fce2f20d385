import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { loadDataset } from '../../src/core/run';
import { previewSchedule, runLength } from '../../src/core/schedulePreview';
import { train } from '../../src/core/trainer/train';
import type { StepEvent } from '../../src/core/trainer/events';
import { dataset } from '../cli/run';

const config = (training: Record<string, unknown>, schedule: unknown = 'constant') =>
  resolveRunConfig({ training, schedule, optimizer: { name: 'sgd', lr: 0.1 } }, defaultConfig('x.csv'));

test('steps per epoch: ⌈rows / batch⌉ mini-batches, one step per accumulated group, leftovers included', () => {
  // 120 rows in batches of 32: 4 batches (the last of 24 rows).
  assert.deepEqual(runLength(config({ batchSize: 32, epochs: 5 }), 120), { batch: 32, batchesPerEpoch: 4, stepsPerEpoch: 4, totalSteps: 20 });
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
  const plateau = previewSchedule(config({ batchSize: 'full', epochs: 6 }, { name: 'reduce_on_plateau', warmup: 2 }), 50);
  assert.deepEqual(plateau.lrs, [0, 0.05, 0.1, 0.1, 0.1, 0.1]);
  assert.match(plateau.note!, /depends on training; shown without any reduction/);
});

test('the preview has the steps and rates training then takes', async () => {
  const cfg = resolveRunConfig(
    { optimizer: { name: 'sgd', lr: 0.05 }, schedule: { name: 'one_cycle' }, training: { epochs: 3, batchSize: 16, accumulate: 2 } },
    defaultConfig(dataset('iris.csv')),
  );
  const data = loadDataset(cfg, readFileSync(cfg.data.path));
  const steps: StepEvent[] = [];
  await train(cfg, data, { onEvent: (e) => e.type === 'step' && steps.push(e) });
  const p = previewSchedule(cfg, data.train.length);
  assert.equal(p.steps, steps.length);
  assert.deepEqual(p.lrs, steps.map((s) => s.lr));
});
