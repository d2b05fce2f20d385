/** A new learning rate sent to a running run's worker (dist/worker.js), as the dashboard sends it. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { readEvents } from '../../src/io/runStore';
import type { ControlEvent, StepEvent } from '../../src/core/trainer/events';
import { RunManager } from '../../src/runs/runManager';
import { dataset, tempDir } from '../cli/run';
import { fixturePath } from '../core/fixtures';

const WORKER = fixturePath(join('dist', 'worker.js'), '.');

test('setLr reaches the worker: the run is recorded with the control event and every later step at the new rate', async () => {
  // Long enough that it cannot end before the rate arrives, however slow the host; stopped once it has.
  const manager = new RunManager(WORKER, 1, tempDir);
  const config = resolveRunConfig(
    { optimizer: { name: 'sgd', lr: 0.05 }, schedule: 'constant', training: { epochs: 100_000, batchSize: 8 } },
    defaultConfig(dataset('iris.csv')),
  );
  const run = manager.submit(config);
  let sent = false;
  manager.on('points', (r, steps, _epochs, controls) => {
    if (r !== run) return;
    if (controls.length) manager.stop(run.key);
    if (sent || steps.length === 0) return;
    sent = true;
    manager.setLr(run.key, 0.0125);
  });
  await new Promise<void>((resolve) => manager.on('change', (r) => r === run && !r.active && resolve()));
  manager.dispose();
  assert.equal(run.status, 'cancelled');
  assert.deepEqual(
    run.controls.map((c) => c.action),
    ['lr', 'stop'],
  );
  const events = readEvents(run.runDir!);
  const control = events.find((e): e is ControlEvent => e.type === 'control')!;
  assert.deepEqual(
    { action: control.action, lr: control.lr, step: control.step },
    { action: 'lr', lr: 0.0125, step: run.controls[0].step },
  );
  const steps = events.filter((e): e is StepEvent => e.type === 'step');
  assert.ok(control.step > 0 && control.step < steps.length, `changed at step ${control.step} of ${steps.length}`);
  for (const s of steps) assert.equal(s.lr, s.step < control.step ? 0.05 : 0.0125, `step ${s.step}`);
});
