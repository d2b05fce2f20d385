/**
 * The run pool as VS Code drives it, with lossLab.redisUrl set: a run of an experiment trained through a real
 * Redis by a `losslab worker` beside the same run trained on a local thread. Both send the dashboard the same
 * curves, end with the same numbers and are recorded alike; the remote one names its worker.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import type { EpochPoint, StepPoint } from '../../src/protocol/webview';
import { readEvents, readRun } from '../../src/io/runStore';
import { RedisRuns } from '../../src/runs/redis/remoteRuns';
import { type LiveRun, RunManager } from '../../src/runs/runManager';
import { buildRunGroups } from '../../src/views/runsModel';
import { dataset, tempDir } from '../cli/run';
import { fixturePath } from '../core/fixtures';
import { redisForSuite, startWorker, until } from './processes';

const WORKER = fixturePath(join('dist', 'worker.js'), '.');

const redis = redisForSuite();
const { workers } = redis;

test('a run through Redis sends the same curves and numbers as the same run here, and is recorded alike', async () => {
  const worker = startWorker(redis.url, 'box-1');
  workers.push(worker);
  await until('the worker', () => worker.log.includes('connected'));
  const out = tempDir();
  const pool = await RedisRuns.open(redis.url, () => out, 'lossLab.redisUrl');
  const manager = new RunManager(WORKER, 1, () => out);
  const curves = new Map<LiveRun, { steps: StepPoint[]; epochs: EpochPoint[] }>();
  manager.on('points', (run, steps, epochs) => {
    const c = curves.get(run) ?? { steps: [], epochs: [] };
    c.steps.push(...steps);
    c.epochs.push(...epochs);
    curves.set(run, c);
  });
  // The live decision surfaces too, each as the dashboard receives it.
  const surfaces = new Map<LiveRun, unknown[]>();
  manager.on('surface', (run) => surfaces.set(run, [...(surfaces.get(run) ?? []), run.surface]));
  const config = resolveRunConfig(
    { name: 'iris', data: { target: 'species' }, model: { hidden: [16] }, training: { epochs: 20 } },
    defaultConfig(dataset('iris.csv')),
  );
  const local = manager.submit(config, 'twins');
  const remote = manager.submit(config, 'twins', null, undefined, undefined, () => pool.thread());
  await until('both runs', () => !local.active && !remote.active, 120_000);
  await pool.close();
  manager.dispose();

  assert.equal(remote.status, 'completed', remote.error?.message);
  assert.equal(local.status, 'completed', local.error?.message);
  assert.deepEqual(remote.remote, { worker: 'box-1', attempts: 1 });
  assert.deepEqual(remote.summary!.final, local.summary!.final);
  // The dashboard's curves, but for the times.
  const untimed = (run: LiveRun) => {
    const c = curves.get(run)!;
    return { steps: c.steps.map((p) => ({ ...p, t: 0 })), epochs: c.epochs.map((p) => ({ ...p, t: 0 })) };
  };
  assert.ok(untimed(local).epochs.length === 20 && untimed(local).steps.length > 20);
  assert.deepEqual(untimed(remote), untimed(local));
  assert.ok((surfaces.get(local)?.length ?? 0) >= 2, 'the local run drew its surface as it trained');
  assert.deepEqual(surfaces.get(remote), surfaces.get(local));
  // Recorded in the same folder as local runs, with the same events, and listed with its worker.
  const [l, r] = [readRun(local.runDir!)!, readRun(remote.runDir!)!];
  assert.equal(r.status, 'completed');
  assert.deepEqual(r.remote, { worker: 'box-1', attempts: 1, workers: ['box-1'] });
  const untimedEvents = (dir: string) =>
    JSON.stringify(readEvents(dir)).replace(/,?"(time|elapsed|trainSeconds)":[\d.e-]+/g, '');
  assert.equal(untimedEvents(remote.runDir!), untimedEvents(local.runDir!));
  // The trained weights too, so that the remote run's surface and interpolation load as the local one's.
  const weights = (dir: string) => readFileSync(join(dir, 'final.json'), 'utf8');
  assert.equal(weights(remote.runDir!), weights(local.runDir!));
  const listed = buildRunGroups([l, r], [], out)[0].runs;
  assert.deepEqual(listed.map((x) => /worker: (\S+)/.exec(x.tooltip)?.[1] ?? null).sort(), ['box-1', null].sort());
});

test('pause, a new learning rate and resume reach a run on a worker machine, and its record shows them', async () => {
  const worker = startWorker(redis.url, 'box-2');
  workers.push(worker);
  await until('the worker', () => worker.log.includes('connected'));
  const out = tempDir();
  const pool = await RedisRuns.open(redis.url, () => out);
  const manager = new RunManager(WORKER, 1, () => out);
  const config = resolveRunConfig(
    { name: 'long', data: { target: 'species' }, training: { epochs: 5000, batchSize: 8 } },
    defaultConfig(dataset('iris.csv')),
  );
  const run = manager.submit(config, 'controls', null, undefined, undefined, () => pool.thread());
  try {
    await until('a few epochs', () => run.epoch >= 3, 60_000);
    manager.pause(run.key);
    await new Promise((r) => setTimeout(r, 2000));
    const held = run.epoch;
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(run.epoch, held, 'no epoch while paused');
    manager.setLr(run.key, 0.0005);
    manager.resume(run.key);
    await until('epochs again', () => run.epoch > held + 2, 30_000);
    manager.stop(run.key);
    await until('the stop', () => !run.active, 30_000);
  } finally {
    await pool.close();
    manager.dispose();
  }
  assert.equal(run.status, 'cancelled');
  assert.deepEqual(
    run.controls.map((c) => [c.action, c.lr]),
    // The new rate takes effect at the first step after the resume, as in a local run.
    [
      ['pause', null],
      ['resume', null],
      ['lr', 0.0005],
      ['stop', null],
    ],
  );
  const recorded = readEvents(run.runDir!).filter((e) => e.type === 'control');
  assert.deepEqual(
    recorded.map((e) => e.type === 'control' && e.action),
    ['pause', 'resume', 'lr', 'stop'],
  );
  assert.equal(readRun(run.runDir!)!.status, 'cancelled');
});

test('a generate run on a worker machine sends the dashboard its rows as it trains, as the same run here', async () => {
  const worker = startWorker(redis.url, 'box-3');
  workers.push(worker);
  await until('the worker', () => worker.log.includes('connected'));
  const out = tempDir();
  const pool = await RedisRuns.open(redis.url, () => out);
  const manager = new RunManager(WORKER, 1, () => out);
  const previews = new Map<LiveRun, unknown[]>();
  manager.on('generated', (run) => previews.set(run, [...(previews.get(run) ?? []), run.generated]));
  const config = resolveRunConfig(
    { name: 'vae', data: { task: 'generate' }, loss: { name: 'vae' }, training: { epochs: 4 } },
    defaultConfig(dataset('iris.csv')),
  );
  const local = manager.submit(config, 'generate');
  const remote = manager.submit(config, 'generate', null, undefined, undefined, () => pool.thread());
  try {
    await until('both runs', () => !local.active && !remote.active, 120_000);
  } finally {
    await pool.close();
    manager.dispose();
  }
  assert.equal(remote.status, 'completed', remote.error?.message);
  assert.ok((previews.get(local)?.length ?? 0) >= 1, 'the local run previewed its rows');
  assert.deepEqual(previews.get(remote), previews.get(local));
});
