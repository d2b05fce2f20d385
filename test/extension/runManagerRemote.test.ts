/**
 * Runs trained elsewhere (through Redis) in the run pool, driven by a scripted handle: they take no room from
 * local runs, wait as queued until a worker machine starts them, show that worker, start their curves over
 * when a lost worker's run starts again, and are cancelled through their handle.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import type { RunEvent } from '../../src/core/trainer/events';
import type { HostToWorker, RunThread, WorkerToHost } from '../../src/protocol/worker';
import { RunManager } from '../../src/runs/runManager';
import { buildRunGroups } from '../../src/views/runsModel';
import { dataset, tempDir } from '../cli/run';
import { fixturePath } from '../core/fixtures';

const WORKER = fixturePath(join('dist', 'worker.js'), '.');
const config = (name: string) =>
  resolveRunConfig({ name, training: { epochs: 2 } }, defaultConfig(dataset('iris.csv')));

/** A remote run's handle whose messages the test sends, recording what the pool posts to it. */
class Scripted extends EventEmitter implements RunThread {
  readonly posted: HostToWorker[] = [];
  terminated = false;
  postMessage(m: HostToWorker): void {
    this.posted.push(m);
  }
  send(m: WorkerToHost): void {
    this.emit('message', m);
  }
  terminate(): Promise<number> {
    this.terminated = true;
    return Promise.resolve(0);
  }
}

const step = (i: number, loss: number): RunEvent => ({
  type: 'step',
  step: i,
  epoch: 1,
  elapsed: i,
  loss,
  lr: 0.01,
  gradNorm: 1,
  layerGradNorms: [1],
  updateRatio: 0,
});

test('remote runs start at once beside the local limit, and a local run still gets its room', async () => {
  const manager = new RunManager(WORKER, 1, tempDir);
  const handles: Scripted[] = [];
  const elsewhere = () => {
    handles.push(new Scripted());
    return handles.at(-1)!;
  };
  const remote = [manager.submit(config('r1'), 'x', null, undefined, undefined, elsewhere)];
  remote.push(manager.submit(config('r2'), 'x', null, undefined, undefined, elsewhere));
  assert.equal(handles.length, 2);
  assert.deepEqual(
    handles.map((h) => h.posted[0].type),
    ['start', 'start'],
  );
  // Queued in Redis until a worker machine takes them.
  assert.deepEqual(
    remote.map((r) => [r.status, r.remote]),
    [
      ['queued', { worker: null, attempts: 0 }],
      ['queued', { worker: null, attempts: 0 }],
    ],
  );
  handles[0].send({ type: 'started', worker: 'worker-a', attempt: 1 });
  assert.equal(remote[0].status, 'running');
  const local = manager.submit(config('here'));
  assert.equal(local.status, 'running', 'a running remote run takes no local room');
  assert.equal(local.remote, null);
  const done = new Promise<void>((resolve) => manager.on('change', (r) => r === local && !r.active && resolve()));
  await done;
  assert.equal(local.status, 'completed');
  // Ctrl-C or Stop on a remote run goes to its handle, queued or running.
  manager.stop(remote[1].key);
  assert.deepEqual(handles[1].posted.at(-1), { type: 'cancel' });
  handles[1].send({ type: 'cancelled' });
  assert.equal(remote[1].status, 'cancelled');
  assert.ok(handles[1].terminated);
  manager.dispose();
});

test("a lost worker's run started again starts its curves over and tells whoever shows it", () => {
  const manager = new RunManager(WORKER, 1, tempDir);
  const handle = new Scripted();
  const run = manager.submit(config('lost'), 'x', null, undefined, undefined, () => handle);
  const seen: string[] = [];
  manager.on('points', (_r, steps) => seen.push(`points ${steps.map((s) => s.loss).join(',')}`));
  manager.on('restart', (r) => seen.push(`restart ${r.key}`));
  handle.send({ type: 'started', worker: 'worker-a', attempt: 1 });
  handle.send({ type: 'events', events: [step(0, 0.9), step(1, 0.8)] });
  manager.pause(run.key);
  assert.equal(run.steps.values.length, 2);
  handle.send({ type: 'started', worker: 'worker-b', attempt: 2 });
  assert.deepEqual(seen, ['points 0.9,0.8', `restart ${run.key}`]);
  assert.equal(run.steps.values.length, 0);
  assert.equal(run.lastLoss, null);
  assert.equal(run.paused, false);
  assert.deepEqual(run.remote, { worker: 'worker-b', attempts: 2 });
  handle.send({ type: 'events', events: [step(0, 0.9)] });
  assert.deepEqual(
    run.steps.values.map((p) => p.loss),
    [0.9],
  );
  // The Runs view names the worker and the attempt.
  const item = buildRunGroups([], [run], '/runs')[0].runs[0];
  assert.match(item.description, /· on worker-b \(attempt 2\)$/);
  assert.match(item.tooltip, /\nworker: worker-b/);
  manager.dispose();
});
