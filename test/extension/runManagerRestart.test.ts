/** "Restart from last good point": a diverged run continued on the pool's worker as a new, linked live run. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { readEvents } from '../../src/io/runStore';
import type { StepEvent } from '../../src/core/trainer/events';
import { type LiveRun, RunManager } from '../../src/runs/runManager';
import { dataset, tempDir } from '../cli/run';
import { fixturePath } from '../core/fixtures';

const WORKER = fixturePath(join('dist', 'worker.js'), '.');

const ended = (manager: RunManager, run: LiveRun) =>
  new Promise<void>((resolve) => {
    const check = (r: LiveRun) => r === run && !r.active && resolve();
    manager.on('change', check);
  });

test('continueRun: a diverged run resumes from its last checkpoint at the new rate, recorded as linked to it', async () => {
  const out = tempDir();
  const manager = new RunManager(WORKER, 1, () => out);
  const config = resolveRunConfig(
    { optimizer: { name: 'sgd', lr: 1e6 }, schedule: 'constant', training: { epochs: 6, batchSize: 16 } },
    defaultConfig(dataset('diabetes.csv')),
  );
  const old = manager.submit(config);
  await ended(manager, old);
  assert.equal(old.status, 'diverged');
  const checkpoint = JSON.parse(readFileSync(join(old.runDir!, 'checkpoint.json'), 'utf8')) as { step: number };
  const again = manager.continueRun(old.runDir!, config, null, 1e-3);
  await ended(manager, again);
  manager.dispose();
  assert.equal(again.status, 'completed');
  assert.notEqual(again.runDir, old.runDir);
  const resumed = JSON.parse(readFileSync(join(again.runDir!, 'resumed.json'), 'utf8')) as { dir: string; lr: number };
  assert.deepEqual([resumed.dir, resumed.lr], [old.runDir, 1e-3]);
  const steps = readEvents(again.runDir!).filter((e): e is StepEvent => e.type === 'step');
  assert.equal(steps[0].step, checkpoint.step);
  assert.ok(steps.every((s) => s.lr === 1e-3 && Number.isFinite(s.loss)));
  assert.ok(existsSync(join(again.runDir!, 'summary.json')));
});
