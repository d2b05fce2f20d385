import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { parseCsvText } from '../../src/core/csv';
import { type Dataset, buildDataset } from '../../src/core/dataset';
import { type Checkpoint, checkpointToJson } from '../../src/core/trainer/checkpoint';
import type { EpochEvent, RunEvent, StepEvent } from '../../src/core/trainer/events';
import { planRun } from '../../src/core/trainer/setup';
import { train } from '../../src/core/trainer/train';

/** y = sin(a)·b + a/2 + noise over 60 rows, 20 of them for validation. */
const CSV = `a,b,y\n${Array.from({ length: 60 }, (_, i) => {
  const a = ((i * 37) % 60) / 10 - 3;
  const b = ((i * 11) % 13) / 4 - 1.5;
  return `${a},${b},${Math.sin(a) * b + a / 2 + 0.1 * Math.cos(7 * i)}`;
}).join('\n')}\n`;

const dataset = (valSplit: number): Dataset => buildDataset(parseCsvText(CSV, 'x.csv'), { valSplit, seed: 3 });

async function run(raw: Record<string, unknown>, ds: Dataset, resume?: { checkpoint: Checkpoint; lr: number }) {
  const events: RunEvent[] = [];
  const checkpoints: Checkpoint[] = [];
  const plan = planRun(resolveRunConfig(raw, defaultConfig('x.csv')), ds);
  const result = await train(plan, {
    onEvent: (e) => events.push(e),
    onCheckpoint: (c) => checkpoints.push(c),
    // Through JSON, as a checkpoint read from disk is.
    resume: resume && { checkpoint: JSON.parse(JSON.stringify(checkpointToJson(resume.checkpoint))), lr: resume.lr },
  });
  const epochs = events.filter((e): e is EpochEvent => e.type === 'epoch');
  const steps = events.filter((e): e is StepEvent => e.type === 'step');
  return { ...result, events, checkpoints, epochs, steps };
}

// Every piece of state a checkpoint must carry is switched on: a shuffled batch order, dropout masks, batch
// norm's running statistics, Adam's moments and step count, and a schedule that depends on the step.
const RICH = {
  model: { hidden: [8, 6], activation: 'tanh', dropout: 0.2, batchNorm: true },
  optimizer: { name: 'adam', lr: 0.02 },
  schedule: { name: 'cosine' },
  training: { epochs: 6, batchSize: 8, seed: 5 },
};

test('resumed at the rate its schedule had there, a run continues exactly as if it had not stopped', async () => {
  const ds = dataset(0.3);
  const whole = await run(RICH, ds);
  assert.equal(whole.checkpoints.length, 7, 'one before the first step and one per epoch');
  const at = whole.checkpoints[3];
  assert.deepEqual([at.epoch, at.step], [3, whole.epochs[2].step]);
  const lr = whole.steps.find((s) => s.step === at.step)!.lr;
  const resumed = await run(RICH, ds, { checkpoint: at, lr });
  assert.deepEqual(
    resumed.epochs.map((e) => [e.epoch, e.step, e.trainLoss, e.valLoss]),
    whole.epochs.slice(3).map((e) => [e.epoch, e.step, e.trainLoss, e.valLoss]),
  );
  assert.deepEqual(
    resumed.steps.map((s) => [s.step, s.loss, s.lr]),
    whole.steps.filter((s) => s.step >= at.step).map((s) => [s.step, s.loss, s.lr]),
  );
  assert.deepEqual(Array.from(resumed.model.params), Array.from(whole.model.params));
  assert.deepEqual(Array.from(resumed.model.state), Array.from(whole.model.state));
  // And the control event that says where the rate was set.
  const control = resumed.events.find((e) => e.type === 'control');
  assert.deepEqual(control && [control.action, control.step, control.lr], ['lr', at.step, lr]);
});

test('resumed at a new rate, full-batch SGD on a linear model takes the step w − lr·∇L(w) from the checkpoint', async () => {
  const ds = dataset(0);
  const raw = {
    model: { hidden: [] },
    loss: { name: 'mse' },
    optimizer: { name: 'sgd', lr: 0.05 },
    training: { epochs: 3, batchSize: 'full', seed: 2 },
  };
  const whole = await run(raw, ds);
  const at = whole.checkpoints[2];
  const resumed = await run(raw, ds, { checkpoint: at, lr: 0.3 });
  assert.equal(resumed.epochs.length, 1);
  assert.equal(resumed.steps[0].lr, 0.3);
  // The gradient of mean((w·x + b − y)²) over the training rows at the checkpoint's weights, by hand.
  const [w0, w1, b] = at.weights.params;
  const g = [0, 0, 0];
  const n = ds.train.length;
  for (const r of ds.train) {
    const res = w0 * ds.x[r * 2] + w1 * ds.x[r * 2 + 1] + b - ds.y[r];
    g[0] += (2 * res * ds.x[r * 2]) / n;
    g[1] += (2 * res * ds.x[r * 2 + 1]) / n;
    g[2] += (2 * res) / n;
  }
  const expected = [w0 - 0.3 * g[0], w1 - 0.3 * g[1], b - 0.3 * g[2]];
  Array.from(resumed.model.params).forEach((p, i) =>
    assert.ok(Math.abs(p - expected[i]) <= 1e-12, `parameter ${i}: ${p} vs ${expected[i]}`),
  );
});

test('a run that diverges keeps as its checkpoint the end of its last finished epoch', async () => {
  const ds = dataset(0);
  const raw = {
    model: { hidden: [] },
    loss: { name: 'mse' },
    optimizer: { name: 'sgd', lr: 1000 },
    training: { epochs: 500, batchSize: 'full', seed: 2 },
  };
  const r = await run(raw, ds);
  assert.equal(r.summary.status, 'diverged');
  const last = r.checkpoints.at(-1)!;
  assert.equal(r.checkpoint, last);
  assert.equal(last.epoch, r.epochs.length);
  assert.ok(last.weights.params.every(Number.isFinite));
  // A lower rate from there brings the loss down instead of up.
  const resumed = await run(raw, ds, { checkpoint: last, lr: 0.1 });
  assert.equal(resumed.summary.status, 'completed');
  assert.equal(resumed.epochs[0].epoch, last.epoch + 1);
  const losses = resumed.epochs.map((e) => e.trainLoss);
  assert.ok(
    losses.every((l, i) => i === 0 || l < losses[i - 1]),
    'falls every epoch',
  );
  assert.ok(losses.at(-1)! < 1e-6 * r.epochs.at(-1)!.trainLoss);
});
