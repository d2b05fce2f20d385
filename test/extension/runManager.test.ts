/** The run manager with real training workers (dist/worker.js), outside VS Code. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { readEvents, readRun } from '../../src/io/runStore';
import { type LiveRun, RunManager } from '../../src/runs/runManager';
import { dataset, tempDir } from '../cli/run';
import { fixturePath } from '../core/fixtures';

const WORKER = fixturePath(join('dist', 'worker.js'), '.');

function config(file: string, raw: Record<string, unknown> = {}) {
  return resolveRunConfig(raw, defaultConfig(dataset(file)));
}

function settled(manager: RunManager, runs: LiveRun[]): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (runs.every((r) => !r.active)) {
        manager.off('change', check);
        resolve();
      }
    };
    manager.on('change', check);
    check();
  });
}

test('runs train in workers, queue beyond the limit, and are recorded', async () => {
  const out = tempDir();
  const manager = new RunManager(WORKER, 2, () => out);
  let points = 0;
  manager.on('points', (_run, steps) => (points += steps.length));
  const runs = [
    manager.submit(config('digits.csv', { model: { hidden: [64] }, training: { epochs: 3 } })),
    manager.submit(config('breast_cancer.csv', { training: { epochs: 20 } })),
    manager.submit(config('iris.csv', { training: { epochs: 10 } })),
  ];
  assert.deepEqual(
    runs.map((r) => r.status),
    ['running', 'running', 'queued'],
  );
  await settled(manager, runs);
  assert.deepEqual(
    runs.map((r) => r.status),
    ['completed', 'completed', 'completed'],
  );
  assert.ok(points > 0);
  for (const r of runs) {
    assert.ok(r.runDir && readRun(r.runDir)?.status === 'completed');
    assert.equal(r.epochs.length, r.config.training.epochs);
    assert.equal(readEvents(r.runDir).filter((e) => e.type === 'step').length, r.start!.totalSteps);
  }
  manager.dispose();
});

test('stop cancels a run; a crashed worker fails its run while the others go on', async () => {
  const out = tempDir();
  const manager = new RunManager(WORKER, 3, () => out);
  const long = { model: { hidden: [64, 64] }, training: { epochs: 200 } };
  const a = manager.submit(config('digits.csv', long));
  const b = manager.submit(config('digits.csv', long));
  const c = manager.submit(config('iris.csv', { training: { epochs: 5 } }));
  await new Promise<void>((resolve) =>
    manager.on('points', (run) => run === a && a.step > 5 && b.step > 5 && resolve()),
  );
  manager.stop(a.key);
  await b.worker!.terminate();
  await settled(manager, [a, b, c]);
  assert.equal(a.status, 'cancelled');
  assert.equal(b.status, 'failed');
  assert.match(b.error!.message, /stopped unexpectedly/);
  assert.equal(c.status, 'completed');
  manager.dispose();
});

test('a bad data file fails its run with the user-facing message', async () => {
  const manager = new RunManager(WORKER, 1, () => tempDir());
  const run = manager.submit(config('iris.csv', { data: { path: '/nonexistent.csv' } }));
  await settled(manager, [run]);
  assert.equal(run.status, 'failed');
  assert.equal(run.error!.userError, true);
  assert.match(run.error!.message, /file not found: \/nonexistent\.csv/);
  manager.dispose();
});

test('pause holds a run and resume lets it finish', async () => {
  const manager = new RunManager(WORKER, 1, () => tempDir());
  const run = manager.submit(config('digits.csv', { model: { hidden: [32] }, training: { epochs: 4 } }));
  await new Promise<void>((resolve) => manager.on('points', () => run.step > 3 && resolve()));
  manager.pause(run.key);
  await new Promise((r) => setTimeout(r, 300));
  const held = run.step;
  await new Promise((r) => setTimeout(r, 300));
  assert.ok(run.step - held <= 60, `kept training while paused: ${held} → ${run.step}`);
  manager.resume(run.key);
  await settled(manager, [run]);
  assert.equal(run.status, 'completed');
  manager.dispose();
});

test('workers started ahead train the queued runs; relaySteps false relays epochs only, and every step is recorded', async () => {
  const out = tempDir();
  const manager = new RunManager(WORKER, 2, () => out, { relaySteps: false });
  manager.prestart(2);
  let steps = 0;
  let epochs = 0;
  manager.on('points', (_run, s, e) => {
    steps += s.length;
    epochs += e.length;
  });
  const runs = [0.1, 0.01, 0.001].map((lr) =>
    manager.submit(config('iris.csv', { optimizer: { name: 'sgd', lr }, training: { epochs: 4, batchSize: 16 } })),
  );
  await settled(manager, runs);
  manager.dispose();
  assert.deepEqual(
    runs.map((r) => r.status),
    ['completed', 'completed', 'completed'],
  );
  assert.equal(steps, 0);
  assert.equal(epochs, 3 * 4);
  for (const r of runs) {
    const recorded = readEvents(r.runDir!);
    const start = recorded.find((e) => e.type === 'start')!;
    assert.equal(
      recorded.filter((e) => e.type === 'step').length,
      4 * Math.ceil((start as { trainRows: number }).trainRows / 16),
    );
  }
});

test('a worker that cannot load, started ahead or not, fails its run with the reason', async () => {
  const manager = new RunManager(join(tempDir(), 'missing-worker.js'), 1, () => tempDir());
  manager.prestart(1);
  await new Promise((r) => setTimeout(r, 300));
  const run = manager.submit(config('iris.csv', { training: { epochs: 1 } }));
  await settled(manager, [run]);
  manager.dispose();
  assert.equal(run.status, 'failed');
  assert.match(run.error!.message, /missing-worker\.js/);
});
