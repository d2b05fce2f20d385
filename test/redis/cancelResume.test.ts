/**
 * A remote sweep stopped and followed again, through a real Redis: Ctrl-C on the producer removes the queued
 * runs and stops the one in training; a producer killed mid-sweep and started again with `--resume` writes
 * the records it missed, with the local sweep's numbers; and a worker whose Redis is gone stops on Ctrl-C.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Queue } from 'bullmq';
import { dataset, lastJson, tempDir } from '../cli/run';
import {
  type Watched,
  completedRuns,
  killAll,
  losslabAsync,
  sleep,
  startWorker,
  startedCount,
  until,
  watch,
} from './processes';
import { type SweepRunJson, assertSameRuns } from './sameRuns';
import { type RedisServer, startRedis } from './server';

const SWEEP = ['--target', 'species', '--lr', '0.1,0.03,0.01,0.003', '--optimizer', 'adam,sgd', '--batch-size', '8'];

let redis: RedisServer;
let queue: Queue;
const started: Watched[] = [];

before(async () => {
  redis = await startRedis();
  // The queue as the workers see it (src/runs/redis/keys.ts: QUEUE_NAME, QUEUE_PREFIX).
  queue = new Queue('runs', { connection: { port: redis.port, host: '127.0.0.1' }, prefix: 'losslab' });
});

after(async () => {
  killAll(started);
  await queue.close();
  await redis.stop();
});

function begin(p: Watched): Watched {
  started.push(p);
  return p;
}

async function stopWorker(w: Watched): Promise<void> {
  w.child.kill('SIGINT');
  assert.equal(await w.exited, 0, w.log);
}

test('Ctrl-C on a remote sweep removes its queued runs and stops the one in training', async () => {
  const worker = begin(startWorker(redis.url, 'worker-c'));
  await until('the worker', () => worker.log.includes('connected'));
  const out = join(tempDir(), 'runs');
  // Runs of several seconds each: the first is still training when the sweep is stopped.
  const sweep = begin(
    watch(['sweep', dataset('iris.csv'), ...SWEEP, '--epochs', '3000', '--redis', redis.url, '--out', out, '--json']),
  );
  await until('the first run to start', () => startedCount(worker.log) === 1);
  try {
    await until('its record', () => existsSync(out) && readdirSync(out).length === 1);
  } finally {
    sweep.child.kill('SIGINT');
  }
  assert.equal(await sweep.exited, 0, sweep.log);

  const runs = lastJson<{ runs: SweepRunJson[] }>({ code: 0, stdout: sweep.stdout, stderr: '' }).runs;
  assert.equal(runs.length, 8);
  assert.deepEqual(
    runs.map((r) => r.status),
    Array(8).fill('cancelled'),
  );
  // The run in training was stopped by its worker and recorded so; the seven queued were never started.
  const trained = runs.filter((r) => r.run_dir !== null);
  assert.equal(trained.length, 1, JSON.stringify(runs));
  assert.equal(JSON.parse(readFileSync(join(trained[0].run_dir, 'summary.json'), 'utf8')).status, 'cancelled');
  await until('the worker to report the cancel', () => /: cancelled\n/.test(worker.log), 10_000);
  await sleep(1500);
  assert.equal(startedCount(worker.log), 1, worker.log);
  const counts = await queue.getJobCounts('waiting', 'active', 'prioritized', 'delayed');
  assert.deepEqual(counts, { waiting: 0, active: 0, prioritized: 0, delayed: 0 });
  await stopWorker(worker);
});

test('a producer killed mid-sweep and started again with --resume writes every record with the local numbers', async () => {
  const csv = dataset('iris.csv');
  const settings = ['--epochs', '300', '--json'];
  const local = await losslabAsync(['sweep', csv, ...SWEEP, ...settings, '--workers', '2', '--out', tempDir()]);
  assert.equal(local.code, 0, local.stderr);

  const out = join(tempDir(), 'runs');
  const first = begin(watch(['sweep', csv, ...SWEEP, ...settings, '--redis', redis.url, '--out', out]));
  await until('the sweep id', () => /--resume (\S+)\)/.test(first.log));
  const id = /--resume (\S+)\)/.exec(first.log)![1];
  const waiting = async () => (await queue.getJobCounts('waiting', 'prioritized')) as Record<string, number>;
  for (let t0 = Date.now(); ; await sleep(50)) {
    const c = await waiting();
    if (c.waiting + c.prioritized === 8) break;
    assert.ok(Date.now() - t0 < 30_000, 'the 8 runs are queued');
  }
  const worker = begin(startWorker(redis.url, 'worker-r'));
  // The producer goes away after two runs, while the third trains; the worker goes on without it.
  await until('two runs done', () => completedRuns(worker.log).length >= 2 && startedCount(worker.log) >= 3);
  first.child.kill('SIGKILL');
  await first.exited;
  await until('five runs done', () => completedRuns(worker.log).length >= 5);

  const resumed = await losslabAsync(['sweep', '--redis', redis.url, '--resume', id, '--out', out, '--json']);
  assert.equal(resumed.code, 0, resumed.stderr);
  const remoteRuns = lastJson<{ runs: SweepRunJson[]; sweep_id: string }>(resumed);
  assert.equal(remoteRuns.sweep_id, id);
  assertSameRuns(lastJson<{ runs: SweepRunJson[] }>(local).runs, remoteRuns.runs);
  // The same folders as the first producer chose, rewritten, and each run trained once.
  assert.equal(readdirSync(out).length, 8);
  assert.equal(completedRuns(worker.log).length, 8);
  assert.equal(new Set(completedRuns(worker.log)).size, 8);
  for (const r of remoteRuns.runs)
    assert.deepEqual(JSON.parse(readFileSync(join(r.run_dir, 'remote.json'), 'utf8')), {
      worker: 'worker-r',
      attempts: 1,
      workers: ['worker-r'],
    });
  await stopWorker(worker);
});

test('--resume of an unknown sweep is one line naming it', async () => {
  const r = await losslabAsync(['sweep', '--redis', redis.url, '--resume', 'nope']);
  assert.equal(r.code, 2);
  assert.match(r.stderr.trim(), /^losslab: no sweep nope in Redis at redis:\/\/127\.0\.0\.1:\d+ .*$/);
});

test('a worker whose Redis went away stops on the first Ctrl-C, saying so', async () => {
  const gone = await startRedis();
  const worker = begin(startWorker(gone.url, 'worker-g'));
  await until('the worker', () => worker.log.includes('connected'));
  await gone.stop();
  await sleep(500);
  const t0 = Date.now();
  worker.child.kill('SIGINT');
  const code = await worker.exited;
  assert.ok(Date.now() - t0 < 10_000, `stopped in ${Date.now() - t0} ms`);
  assert.equal(code, 0, worker.log);
  assert.match(worker.log, /worker: stopped/);
});
