/**
 * Live control: a new learning rate mid-run (schedules/override.ts), and pause / resume / stop, as the
 * run's events and in its record on disk.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { parseCsvText } from '../../src/core/csv';
import { buildDataset } from '../../src/core/dataset';
import { runTraining } from '../../src/runs/runTraining';
import { readEvents } from '../../src/io/runStore';
import { RunControl } from '../../src/core/trainer/control';
import type { ControlEvent, RunEvent, StepEvent } from '../../src/core/trainer/events';
import { train } from '../../src/core/trainer/train';
import { toPoints } from '../../src/views/points';
import { tempDir } from '../cli/run';
import { close, throwsLossLab } from './assertions';
import { planRun } from '../../src/core/trainer/setup';

/** y = 2·x0 − x1 on a fixed grid: 24 rows, no randomness in the file. */
const CSV = `x0,x1,y\n${Array.from({ length: 24 }, (_, i) => {
  const x0 = (i % 6) / 5;
  const x1 = Math.floor(i / 6) / 3;
  return `${x0},${x1},${2 * x0 - x1}`;
}).join('\n')}\n`;
const ds = () => buildDataset(parseCsvText(CSV, 'x.csv'), { valSplit: 0 });

async function run(raw: Record<string, unknown>, control: RunControl, hook: (e: StepEvent) => void = () => undefined) {
  const events: RunEvent[] = [];
  const config = resolveRunConfig(raw, defaultConfig('x.csv'));
  await train(planRun(config, ds()), {
    control,
    onEvent: (e) => {
      events.push(e);
      if (e.type === 'step') hook(e);
    },
  });
  return {
    steps: events.filter((e): e is StepEvent => e.type === 'step'),
    controls: events.filter((e): e is ControlEvent => e.type === 'control'),
  };
}

const base = { optimizer: { name: 'sgd', lr: 0.1 }, training: { epochs: 4, batchSize: 6, shuffle: false } };

test('a new rate asked for after step 2 is the rate of step 3 on; the steps before keep the configured one', async () => {
  const control = new RunControl();
  const r = await run(base, control, (e) => e.step === 2 && control.setLr(0.025));
  assert.equal(r.steps.length, 16);
  for (const s of r.steps) assert.equal(s.lr, s.step < 3 ? 0.1 : 0.025, `step ${s.step}`);
  assert.deepEqual(
    r.controls.map(({ step, action, lr }) => ({ step, action, lr })),
    [{ step: 3, action: 'lr', lr: 0.025 }],
  );
});

test('the optimizer uses the new rate: lr 0.1 changed to 0.05 before the first step trains exactly like lr 0.05', async () => {
  const control = new RunControl();
  control.setLr(0.05);
  const changed = await run(base, control);
  const plain = await run({ ...base, optimizer: { name: 'sgd', lr: 0.05 } }, new RunControl());
  assert.deepEqual(
    changed.steps.map((s) => s.loss),
    plain.steps.map((s) => s.loss),
  );
});

test('under a decaying schedule the new rate is scaled as the schedule goes on: lr(t) = v·γ^(t − t0)', async () => {
  // exponential: lr(t) = η γ^t; changed to v at t0, the closed form is v γ^(t − t0) from t0 on.
  const gamma = 0.8;
  const [eta, v, t0] = [0.1, 0.3, 5];
  const control = new RunControl();
  const r = await run(
    { ...base, schedule: { name: 'exponential', gamma } },
    control,
    (e) => e.step === t0 - 1 && control.setLr(v),
  );
  for (const s of r.steps) close(s.lr, s.step < t0 ? eta * gamma ** s.step : v * gamma ** (s.step - t0), 1e-14);
  assert.equal(r.steps[t0].lr, v, 'the step of the change gets the value exactly');
});

test('a second change replaces the first; with step decay the drops still come at the configured steps', async () => {
  // step: s(t) = η γ^⌊t/4⌋ with η = 0.1, γ = 0.5. Set 0.5 at t = 2, where s = η: lr = 0.5 γ^⌊t/4⌋.
  // Then 0.2 at t = 9, where s = η γ²: lr = 0.2 γ^(⌊t/4⌋ − 2).
  const control = new RunControl();
  const r = await run({ ...base, schedule: { name: 'step', step_size: 4, gamma: 0.5 } }, control, (e) => {
    if (e.step === 1) control.setLr(0.5);
    if (e.step === 8) control.setLr(0.2);
  });
  const drops = (t: number) => Math.floor(t / 4);
  const expected = (t: number) => (t < 2 ? 0.1 : t < 9 ? 0.5 * 0.5 ** drops(t) : 0.2 * 0.5 ** (drops(t) - 2));
  for (const s of r.steps) close(s.lr, expected(s.step), 1e-14);
});

test('at a point where the schedule is zero (the first warmup step) the new rate holds from then on', async () => {
  const control = new RunControl();
  control.setLr(0.04);
  const r = await run({ ...base, schedule: { name: 'constant', warmup: 8 } }, control);
  for (const s of r.steps) assert.equal(s.lr, 0.04, `step ${s.step}`);
});

test('a rate that is not a positive finite number is refused with a user error', () => {
  const control = new RunControl();
  for (const bad of [0, -0.1, NaN, Infinity])
    throwsLossLab(() => control.setLr(bad), /must be a positive number/, 'lr');
  assert.equal(control.takeLr(), null);
});

test('the run record holds the rate change, the pause, the resume and the stop, and its points carry them as markers', async () => {
  const dir = tempDir();
  const file = join(dir, 'line.csv');
  writeFileSync(file, CSV);
  const control = new RunControl();
  const config = resolveRunConfig(
    { ...base, data: { valSplit: 0 }, training: { ...base.training, epochs: 20 } },
    defaultConfig(file),
  );
  const outcome = await runTraining(config, {
    outDir: join(dir, 'runs'),
    control,
    onEvent: (e) => {
      if (e.type !== 'step') return;
      if (e.step === 0) control.setLr(0.02);
      if (e.step === 1) {
        control.pause();
        setTimeout(() => control.resume(), 20);
      }
      if (e.step === 3) control.cancel();
    },
  });
  assert.equal(outcome.summary.status, 'cancelled');
  const recorded = readEvents(outcome.runDir!).filter((e): e is ControlEvent => e.type === 'control');
  assert.deepEqual(
    recorded.map(({ step, action, lr }) => ({ step, action, lr })),
    [
      { step: 1, action: 'lr', lr: 0.02 },
      { step: 2, action: 'pause', lr: undefined },
      { step: 2, action: 'resume', lr: undefined },
      { step: 4, action: 'stop', lr: undefined },
    ],
  );
  const { controls } = toPoints(readEvents(outcome.runDir!));
  assert.deepEqual(
    controls.map(({ step, action, lr }) => ({ step, action, lr })),
    [
      { step: 1, action: 'lr', lr: 0.02 },
      { step: 2, action: 'pause', lr: null },
      { step: 2, action: 'resume', lr: null },
      { step: 4, action: 'stop', lr: null },
    ],
  );
  assert.ok(controls[1].t <= controls[2].t, 'the resume comes after the pause in time');
});
